# Fails when `groff -man -ww -z` prints anything for MAN_PAGE.
execute_process(COMMAND groff -man -ww -z ${MAN_PAGE}
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0 OR NOT output STREQUAL "")
  message(FATAL_ERROR "groff -man -ww -z ${MAN_PAGE} (exit ${result}):\n${output}")
endif()
