# `cmake --install` into a fresh prefix gives a working binary (found its
# library through its rpath), the library's headers and the man page.
#   cmake -DBUILD_DIR=... -DPREFIX=... -P check_install.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${result})")
endif()
foreach(file include/fairseq2/init.hpp include/fairseq2/runtime/dependency.hpp
             include/fairseq2/assets/store.hpp include/fairseq2/version.hpp
             share/man/man1/fairseq2ctl.1)
  if(NOT EXISTS "${PREFIX}/${file}")
    message(FATAL_ERROR "${file} is not installed")
  endif()
endforeach()
file(GLOB libraries "${PREFIX}/lib*/libfairseq2_runtime.so*" "${PREFIX}/lib/*/libfairseq2_runtime.so*")
if(NOT libraries)
  message(FATAL_ERROR "libfairseq2_runtime.so is not installed")
endif()
execute_process(COMMAND "${PREFIX}/bin/fairseq2ctl" assets resolve llama3_8b --format json
                WORKING_DIRECTORY /
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT result EQUAL 0 OR NOT output MATCHES "\"model_arch\": \"llama3_8b\"")
  message(FATAL_ERROR "the installed fairseq2ctl does not resolve llama3_8b (${result}):\n${output}${errors}")
endif()
execute_process(COMMAND "${PREFIX}/bin/fairseq2ctl" extensions check
                WORKING_DIRECTORY /
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT result EQUAL 0 OR NOT output MATCHES "loaded example" OR NOT output MATCHES "loaded mycluster")
  message(FATAL_ERROR "the installed fairseq2ctl does not load the shipped extensions (${result}):\n${output}${errors}")
endif()
file(REMOVE_RECURSE "${PREFIX}")
