// Metadata lines: name ref group servers hosts port timeout explain relies needs solo kernel.
#pragma once

#include "scenarios/runner/lang/Parser.h"

namespace tcpfault::scenario {

bool isMetadataKeyword(std::string_view word);

// "ref" and "explain" take the raw rest of the line (up to '#'), not tokens, so any
// punctuation may appear in their text.
bool isRawMetadata(const SourceLine& line);
void parseRawMetadata(const SourceLine& line, ParseState& state);

void parseMetadata(const LineTokens& line, ParseState& state);

}  // namespace tcpfault::scenario
