// Asserts that a metric rejects its input with pj::Error(Input) and a message naming the cause.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"

namespace pj::metrics::testing {

template <class F>
void expect_input_error(F&& f, const std::string& fragment) {
  try {
    f();
    ADD_FAILURE() << "expected an input error containing '" << fragment << "'";
  } catch (const pj::Error& e) {
    EXPECT_EQ(e.kind(), pj::ErrorKind::Input);
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
        << "message '" << e.what() << "' lacks '" << fragment << "'";
  }
}

}  // namespace pj::metrics::testing
