# ctest perfjudge_is_static: the PJ_STATIC perfjudge maps no shared library and needs no
# dynamic loader, and still runs a sandbox. Usage: cmake -DEXE=... -P check_static.cmake
function(check cond message)
  if(NOT ${cond})
    message(FATAL_ERROR "${message}")
  endif()
endfunction()

execute_process(COMMAND readelf -lW ${EXE} OUTPUT_VARIABLE headers RESULT_VARIABLE rc)
check("rc EQUAL 0" "readelf -l ${EXE} failed")
string(FIND "${headers}" "INTERP" interp)
check("interp EQUAL -1" "${EXE} asks for a program interpreter (dynamic loader)")
string(FIND "${headers}" "DYN (" pie)
check("NOT pie EQUAL -1" "${EXE} is not position-independent: no address-space randomisation")

execute_process(COMMAND readelf -dW ${EXE} OUTPUT_VARIABLE dynamic RESULT_VARIABLE rc)
check("rc EQUAL 0" "readelf -d ${EXE} failed")
string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*" needed "${dynamic}")
check("\"${needed}\" STREQUAL \"\"" "${EXE} needs shared libraries: ${needed}")

execute_process(COMMAND ${EXE} --version OUTPUT_VARIABLE version RESULT_VARIABLE rc)
check("rc EQUAL 0" "perfjudge --version exited ${rc}")
check("version MATCHES \"^perfjudge \"" "unexpected --version output: ${version}")

execute_process(COMMAND ${EXE} sandbox -- /bin/true OUTPUT_VARIABLE meta ERROR_VARIABLE err
                RESULT_VARIABLE rc)
check("rc EQUAL 0" "perfjudge sandbox -- /bin/true exited ${rc}: ${err}")
check("meta MATCHES \"\\\"verdict\\\":\\\"OK\\\"\"" "perfjudge sandbox gave no OK verdict: ${meta}")
