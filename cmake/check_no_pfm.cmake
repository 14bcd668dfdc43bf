# ctest perfjudge_links_neither_libpfm_nor_libseccomp: libpfm4 runs in the pj-pfm helper and
# the seccomp policy is compiled at build time, so that starting perfjudge relocates neither
# library's tables (docs/PERFORMANCE.md, "Neither libpfm4 nor libseccomp in `perfjudge`").
# Usage: cmake -DEXE=... -P check_no_pfm.cmake
execute_process(COMMAND nm ${EXE} OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm ${EXE} failed")
endif()
foreach(symbol pfm_initialize pfm_get_os_event_encoding seccomp_init seccomp_export_bpf)
  if(symbols MATCHES "[ \n]${symbol}\n")
    message(FATAL_ERROR "${EXE} links ${symbol}")
  endif()
endforeach()
execute_process(COMMAND readelf -dW ${EXE} OUTPUT_VARIABLE dynamic RESULT_VARIABLE rc)
if(dynamic MATCHES "libpfm|libseccomp")
  message(FATAL_ERROR "${EXE} needs libpfm or libseccomp at run time")
endif()
