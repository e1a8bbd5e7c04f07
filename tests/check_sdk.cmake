# Installs the runtime into a fresh prefix, builds tests/sdk against it with
# only find_package(fairseq2 CONFIG), and loads the result with the installed
# fairseq2ctl.
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DCXX=... -DCXX_FLAGS=... -P check_sdk.cmake
set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${ARGN} failed (${result}):\n${output}")
  endif()
  set(output "${output}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${build} -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
run(${CMAKE_COMMAND} --build ${build})
run(${prefix}/bin/fairseq2ctl --extension-dir ${build} extensions list --format json)
if(NOT output MATCHES "\"name\": \"third_party\",[^}]*\"status\": \"loaded\"")
  message(FATAL_ERROR "the out-of-tree extension did not load:\n${output}")
endif()
run(${prefix}/bin/fairseq2ctl --extension-dir ${build} assets resolve third_party_llama --format json)
if(NOT output MATCHES "\"model_arch\": \"llama3_8b\"")
  message(FATAL_ERROR "the out-of-tree extension's card does not resolve:\n${output}")
endif()

# Installed into the user's extension directory, it loads with no option.
run(${CMAKE_COMMAND} --install ${build} --prefix ${WORK_DIR}/data)
run(${CMAKE_COMMAND} -E env XDG_DATA_HOME=${WORK_DIR}/data
    ${prefix}/bin/fairseq2ctl extensions list --format json)
if(NOT output MATCHES "\"name\": \"third_party\",[^}]*\"status\": \"loaded\"")
  message(FATAL_ERROR "the installed out-of-tree extension did not load:\n${output}")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
