#include "compiler/model/profile.h"

namespace seccompc {

bool ArgCondition::Holds(uint64_t arg) const {
  switch (op) {
    case CmpOp::kNe:
      return arg != value;
    case CmpOp::kLt:
      return arg < value;
    case CmpOp::kLe:
      return arg <= value;
    case CmpOp::kEq:
      return arg == value;
    case CmpOp::kGe:
      return arg >= value;
    case CmpOp::kGt:
      return arg > value;
    case CmpOp::kMaskedEq:
      return (arg & value) == value_two;
  }
  return false;
}

}  // namespace seccompc
