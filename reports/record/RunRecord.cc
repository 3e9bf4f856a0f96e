#include "reports/record/RunRecord.h"

namespace tcpfault::report {

const char* statusName(Status s) {
  switch (s) {
    case Status::Pass:
      return "pass";
    case Status::Fail:
      return "fail";
    case Status::Skip:
      return "skip";
    case Status::Error:
      return "error";
    case Status::Warn:
      return "warn";
  }
  return "error";
}

}  // namespace tcpfault::report
