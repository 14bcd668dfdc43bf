# PJ_STATIC: link the perfjudge executable as one static PIE, so that starting it maps no
# shared library and runs no dynamic loader. Measured on `perfjudge --version`: 69 % of its
# instructions were the loader resolving libstdc++, fmt, sqlite... (docs/PERFORMANCE.md).
# Users who call `perfjudge sandbox` once per execution pay that on every run.
#
# Include before the find_package calls: it makes them pick the static archives Debian
# ships (.a of glibc, libstdc++, Boost, SQLite, libseccomp). Debian ships no static
# fmt or toml++, so both are used in their header-only mode instead. Sanitizers need the
# shared runtime, hence off with PJ_SANITIZE.
if(PJ_SANITIZE)
  set(pj_static_default OFF)
else()
  set(pj_static_default ON)
endif()
option(PJ_STATIC "Link perfjudge statically (static PIE); not with PJ_SANITIZE" ${pj_static_default})
if(PJ_STATIC AND PJ_SANITIZE)
  message(FATAL_ERROR "PJ_STATIC and PJ_SANITIZE exclude each other: the sanitizers need the "
                      "shared C runtime. Configure with -DPJ_STATIC=OFF.")
endif()

if(PJ_STATIC)
  # A build tree configured before (dynamic) has the shared libraries' paths cached; forget
  # them so that the finds below look again, for the archives.
  foreach(var SQLite3_LIBRARY pkgcfg_lib_SECCOMP_seccomp pkgcfg_lib_TOMLPP_tomlplusplus)
    if(${var} MATCHES "\\.so")
      unset(${var} CACHE)
    endif()
  endforeach()
  set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
  set(Boost_USE_STATIC_LIBS ON)
  # Every target of the build links the same archives; only perfjudge itself is a static
  # executable (see pj_static_executable), the test and bench programs stay dynamic PIEs.
  set(CMAKE_POSITION_INDEPENDENT_CODE ON)
endif()

# fmt as an INTERFACE target in header-only mode under the name the modules link (fmt::fmt),
# when there is no libfmt.a to link.
function(pj_fmt_header_only)
  find_path(PJ_FMT_INCLUDE_DIR fmt/format.h REQUIRED)
  add_library(fmt::fmt INTERFACE IMPORTED)
  set_target_properties(fmt::fmt PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES ${PJ_FMT_INCLUDE_DIR}
    INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1)
endfunction()

# toml++ compiled into its users (TOML_HEADER_ONLY) rather than linked from libtomlplusplus.so.
function(pj_tomlpp_header_only)
  set_target_properties(PkgConfig::TOMLPP PROPERTIES
    INTERFACE_LINK_LIBRARIES ""
    INTERFACE_LINK_OPTIONS ""
    INTERFACE_LINK_DIRECTORIES ""
    INTERFACE_COMPILE_OPTIONS ""  # the .pc file's -DTOML_HEADER_ONLY=0 -DTOML_SHARED_LIB=1
    INTERFACE_COMPILE_DEFINITIONS TOML_HEADER_ONLY=1)
endfunction()

# Links TARGET as a static PIE (address-space randomisation kept) when PJ_STATIC.
function(pj_static_executable target)
  if(PJ_STATIC)
    target_link_options(${target} PRIVATE -static-pie)
  endif()
endfunction()
