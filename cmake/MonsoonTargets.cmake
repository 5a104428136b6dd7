# Shared compile settings: warnings, sanitizers, and a helper for doctest binaries.

add_library(monsoon_warnings INTERFACE)
add_library(monsoon::warnings ALIAS monsoon_warnings)
target_compile_options(monsoon_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wnull-dereference -Wimplicit-fallthrough -Wformat=2
  # Designated initializers that rely on member defaults are the point of them;
  # g++ 12 still warns about the members left out.
  -Wno-missing-field-initializers
  $<$<BOOL:${MONSOON_WERROR}>:-Werror>)

add_library(monsoon_sanitizers INTERFACE)
add_library(monsoon::sanitizers ALIAS monsoon_sanitizers)
if(MONSOON_SANITIZE)
  target_compile_options(monsoon_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(monsoon_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
target_compile_definitions(monsoon_sanitizers INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)

# One doctest main shared by every test binary.
if(BUILD_TESTING)
  add_library(monsoon_doctest_main STATIC ${PROJECT_SOURCE_DIR}/tests/support/doctest_main.cpp)
  target_link_libraries(monsoon_doctest_main PUBLIC doctest::doctest PRIVATE monsoon_sanitizers)
endif()

# monsoon_add_test(NAME name SOURCES a.cpp ... LIBS lib ... LABELS unit ...)
# One doctest binary; every TEST_CASE becomes its own CTest test carrying LABELS.
function(monsoon_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} monsoon_doctest_main
                        monsoon::warnings monsoon::sanitizers)
  target_compile_definitions(${T_NAME} PRIVATE
    MONSOON_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    MONSOON_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  doctest_discover_tests(${T_NAME} TEST_PREFIX "${T_NAME}: " PROPERTIES LABELS "${T_LABELS}"
                         WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
endfunction()
