# Every module is a static library built from all .cpp files in its folder, so adding a
# source file needs no CMake edit. Public headers are included as "module/header.hpp".
function(pj_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(srcs)
    add_library(pj_${name} STATIC ${srcs})
    target_include_directories(pj_${name} PUBLIC ${CMAKE_SOURCE_DIR})
    target_link_libraries(pj_${name} PUBLIC ${ARG_DEPS})
  else()  # a module still being written: headers only
    add_library(pj_${name} INTERFACE)
    target_include_directories(pj_${name} INTERFACE ${CMAKE_SOURCE_DIR})
    target_link_libraries(pj_${name} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

# One GoogleTest executable per folder under tests/.
function(pj_test_suite name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cpp)
  if(NOT srcs)
    return()
  endif()
  add_executable(pj_${name}_tests ${srcs})
  target_link_libraries(pj_${name}_tests PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(pj_${name}_tests PRIVATE
    PJ_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    PJ_BINARY_DIR="${CMAKE_BINARY_DIR}"
    PJ_PERFJUDGE_EXE="$<TARGET_FILE:perfjudge>")
  # PJ_TEST_WORK_DIR: state the suite's test processes share within one ctest invocation
  # (stores built by real runs, say), emptied by a fixture before the first of them starts.
  set(work_dir ${CMAKE_BINARY_DIR}/test-work/${name})
  target_compile_definitions(pj_${name}_tests PRIVATE PJ_TEST_WORK_DIR="${work_dir}")
  add_test(NAME ${name}_work_dir_reset COMMAND ${CMAKE_COMMAND} -E rm -rf ${work_dir})
  set_tests_properties(${name}_work_dir_reset PROPERTIES FIXTURES_SETUP ${name}_work_dir)
  add_dependencies(pj_${name}_tests perfjudge)
  gtest_discover_tests(pj_${name}_tests
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS ${name} FIXTURES_REQUIRED ${name}_work_dir)
endfunction()
