# `cmake --install`: the public headers (<plumb/plumb.hpp> and the headers it includes), every
# plumb library, and a package configuration so an application can write
# `find_package(plumb)` and link `plumb::plumb` (tested by test/install/).
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/base/include/plumb ${PROJECT_SOURCE_DIR}/runtime/include/plumb
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT plumbTargets NAMESPACE plumb:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/plumb)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/plumbConfig.cmake.in
  ${PROJECT_BINARY_DIR}/plumbConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/plumb)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/plumbConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/plumbConfig.cmake ${PROJECT_BINARY_DIR}/plumbConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/plumb)
install(TARGETS plumb RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
