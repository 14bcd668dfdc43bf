# ctest perfjudge_is_static: the PJ_STATIC perfjudge maps no shared library and needs no
# dynamic loader, and still runs a sandbox. Usage: cmake -DEXE=... -P check_static.cmake
execute_process(COMMAND readelf -lW ${EXE} OUTPUT_VARIABLE headers RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "readelf -l ${EXE} failed")
endif()
if(headers MATCHES "INTERP")
  message(FATAL_ERROR "${EXE} asks for a program interpreter (the dynamic loader)")
endif()
if(NOT headers MATCHES "Elf file type is DYN")
  message(FATAL_ERROR "${EXE} is not position-independent: no address-space randomisation")
endif()

execute_process(COMMAND readelf -dW ${EXE} OUTPUT_VARIABLE dynamic RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "readelf -d ${EXE} failed")
endif()
string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*" needed "${dynamic}")
if(needed)
  message(FATAL_ERROR "${EXE} needs shared libraries: ${needed}")
endif()

execute_process(COMMAND ${EXE} --version OUTPUT_VARIABLE version RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT version MATCHES "^perfjudge ")
  message(FATAL_ERROR "perfjudge --version: exit ${rc}, output '${version}'")
endif()

execute_process(COMMAND ${EXE} sandbox -- /bin/true OUTPUT_VARIABLE meta ERROR_VARIABLE err
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT meta MATCHES "\"verdict\":\"OK\"")
  message(FATAL_ERROR "perfjudge sandbox -- /bin/true: exit ${rc}, '${meta}' '${err}'")
endif()
