# bgpd_add_test(NAME name SOURCES a.cpp b.cpp LIBS bgp_wire ... [LABELS unit])
# One GoogleTest executable, registered with ctest through gtest_discover_tests
# so each TEST() is its own ctest case.
include(GoogleTest OPTIONAL)
# The real MRT dumps and golden outputs the tests, benches and fuzz seeds read
# ship in the repository (tests/data/README.md gives their provenance).
set(BGPD_TEST_DATA_DIR "${PROJECT_SOURCE_DIR}/tests/data")
function(bgpd_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} bgpd_flags GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${T_NAME} PRIVATE
    BGPD_TEST_DATA="${BGPD_TEST_DATA_DIR}"
    BGPD_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  gtest_discover_tests(${T_NAME} PROPERTIES LABELS "${T_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()

# bgpd_add_library(NAME bgp_wire SOURCES ... [DEPS ...])
function(bgpd_add_library)
  cmake_parse_arguments(L "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_library(${L_NAME} STATIC ${L_SOURCES})
  target_link_libraries(${L_NAME} PUBLIC bgpd_flags ${L_DEPS})
endfunction()
