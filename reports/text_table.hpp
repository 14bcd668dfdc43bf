// Column arithmetic for aligned text tables: widths count code points, not bytes, so names in
// any script line up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pj::reports {

std::size_t cols(std::string_view s);
std::size_t max_cols(const std::vector<std::string>& v);
std::string truncate_cols(std::string_view s, std::size_t n);  // ends with … when cut
std::string pad_right(std::string_view s, std::size_t n);
std::string pad_left(std::string_view s, std::size_t n);
std::string rtrim(std::string_view s);

}  // namespace pj::reports
