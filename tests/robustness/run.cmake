# Generates the worst-case card files into OUT and times fairseq2ctl on them.
execute_process(COMMAND ${PYTHON} ${SCRIPTS}/worst_cases.py ${OUT} --size ${BYTES} RESULT_VARIABLE generated)
if(NOT generated EQUAL 0)
  message(FATAL_ERROR "worst_cases.py failed (${generated})")
endif()
execute_process(COMMAND ${PYTHON} ${SCRIPTS}/check_bounds.py ${CTL} ${OUT} --table
                        --seconds ${SECONDS} --megabytes ${MEGABYTES}
                RESULT_VARIABLE checked)
if(NOT checked EQUAL 0)
  message(FATAL_ERROR "a worst-case card file cost more than the bounds")
endif()
