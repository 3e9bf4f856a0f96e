// The server card: property x server. Each cell is the verdict over every run that decided
// the property for that server -- fail (a correctness bug), warn (a policy worth knowing),
// pass, or skip (with the reason) -- with the story and line that decided it, the
// evidence (expected vs got) and the property's fix hint. Built from the runs'
// PropertyVerdicts only; the property table itself lives with the language.
#pragma once

#include <string>
#include <vector>

#include "reports/record/RunRecord.h"

namespace tcpfault::report {

struct CardCell {
  int passed = 0, failed = 0, warned = 0, skipped = 0;
  // The deciding run: the first that failed, else the first that warned, else (all
  // skipped) the first skip; empty when the cell passed.
  std::string story;
  int line = 0;                    // 0: the epilogue after the story
  std::string step, expected, observed;  // observed: the skip reason for a skip
  std::string verdict() const;     // "fail", "warn", "pass", "skip"; "none" without runs
  std::string word() const;        // "FAIL", "WARN", "pass", "skip", "-"
  std::string where() const;       // "half-close-echo:18", "reset-mid-write epilogue"
};

struct CardRow {
  std::string property, meaning, fix;
  int rank = 0;
  std::vector<CardCell> cells;  // one per server, in ServerCard::servers order
};

struct ServerCard {
  std::vector<std::string> servers;  // in run order
  std::vector<CardRow> rows;         // in property-table order
  bool empty() const { return rows.empty(); }
  int fails() const;                 // cells that failed
};

ServerCard serverCard(const std::vector<RunRecord>& runs);

// A fixed-width table, then per failed or warned cell its evidence and fix hint, and the
// reason of every cell that was only skipped.
std::string cardText(const ServerCard& card);
std::string cardHtml(const ServerCard& card);

}  // namespace tcpfault::report
