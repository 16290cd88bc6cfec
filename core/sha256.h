// sha256: SHA-256 (FIPS 180-4) of a text, as 64 lowercase hex digits. The
// base lock records the hash of each base page a school copied, so that a
// changed base page is found without git, and the hash means the same on
// every machine and in every version of Wegwijzer (std::hash does not).
// Sixty lines here rather than linking OpenSSL for one function.
#pragma once

#include <string>
#include <string_view>

namespace ww {

std::string Sha256Hex(std::string_view data);

}  // namespace ww
