#pragma once
// The reconciliation of a batch: every item read is either written or rejected, and the
// counts say so exactly (read = written + rejected). Written as JSON for --summary FILE.
#include <cstdint>
#include <string>

namespace renkei::pipeline {

struct BatchSummary {
  uint64_t read = 0;        // items taken from the inputs (files, NDJSON lines, unreadable ones too)
  uint64_t written = 0;     // items that passed (validate: valid; convert: documents written)
  uint64_t rejected = 0;    // items that failed (invalid content, unreadable input)
  uint64_t unreadable = 0;  // of the rejected: inputs that could not be read at all
  uint64_t errors = 0;      // issues of severity fatal or error, over all items
  uint64_t warnings = 0;
  uint64_t bytes = 0;       // input bytes processed
  double seconds = 0;       // wall time of the batch

  bool reconciles() const { return read == written + rejected; }
};

// {"read":N,"written":N,"rejected":N,"unreadable":N,"errors":N,"warnings":N,"bytes":N,"seconds":S}
// `verb` ("validate", "convert") is recorded as "command".
std::string summary_json(const BatchSummary& summary, const std::string& verb);

}  // namespace renkei::pipeline
