#include "compiler/codegen/codegen.h"

#include <algorithm>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "compiler/bpf/verifier.h"
#include "compiler/codegen/arg_check.h"
#include "compiler/codegen/decision.h"
#include "compiler/codegen/filter_dag.h"
#include "compiler/codegen/optimizer.h"
#include "compiler/codegen/syscall_frequency.h"
#include "compiler/codegen/syscall_ranges.h"

namespace seccompc {
namespace {

constexpr uint16_t kLoad = BPF_LD | BPF_W | BPF_ABS;
constexpr uint16_t kJeq = BPF_JMP | BPF_JEQ | BPF_K;
constexpr uint16_t kJge = BPF_JMP | BPF_JGE | BPF_K;
// Argument conditions (over the distinct decisions of all arches) past
// which no program is attempted: 16 times what the kernel could load.
constexpr size_t kMaxConditions = 16 * kMaxInstructions;

// The search tree's nodes as DAG nodes; decisions are built once each.
NodeId SearchCode(FilterDag* dag, const ArchSpec& arch,
                  const RangeSearch& search, const DecisionTable& decisions) {
  std::vector<NodeId> decision_code(decisions.size(), -1);
  std::vector<NodeId> code(search.nodes.size(), -1);
  // Children always come before their parent in `search.nodes`.
  for (size_t i = 0; i < search.nodes.size(); ++i) {
    const SearchNode& node = search.nodes[i];
    switch (node.kind) {
      case SearchNode::Kind::kLeaf: {
        NodeId& d = decision_code[node.decision];
        if (d < 0) d = DecisionNode(dag, arch, decisions.Get(node.decision));
        code[i] = d;
        break;
      }
      case SearchNode::Kind::kAtLeast:
        code[i] =
            dag->Branch(kJge, node.k, code[node.if_true], code[node.if_false]);
        break;
      case SearchNode::Kind::kEquals:
        code[i] =
            dag->Branch(kJeq, node.k, code[node.if_true], code[node.if_false]);
        break;
    }
  }
  return code[search.root];
}

std::string GroupName(const ArchGroup& group) {
  std::string name;
  for (const ArchPolicy* abi : group.abis) {
    if (!name.empty()) name += "+";
    name += std::string(abi->arch->short_name);
  }
  return name;
}

}  // namespace

absl::StatusOr<GeneratedProgram> GenerateProgram(
    const Policy& policy, const CodegenOptions& options) {
  GeneratedProgram out;
  FilterDag dag;
  const NodeId kill = dag.Return(Action{ActionKind::kKillProcess, 0}.ToRet());
  const std::vector<ArchGroup> groups = GroupByAuditArch(policy);
  // Never destroyed (a static with a destructor is not allowed by the style).
  static const auto* const kUniform =
      new absl::flat_hash_map<std::string, double>();
  const absl::flat_hash_map<std::string, double>& frequency =
      !options.syscall_frequency.empty() ? options.syscall_frequency
      : options.weighting == CodegenOptions::Weighting::kServer
          ? ServerFrequencyMap()
          : *kUniform;
  const std::vector<ArchId> cached_abis =
      options.cache_aware ? CachedAbis(policy) : std::vector<ArchId>{};
  out.stats.arches.resize(groups.size());
  // Every group's ranges, weights and search first, the code after: the
  // search tables are then sized once, by the group with the most ranges
  // (its plan comes first), instead of growing, and page-faulting anew,
  // from one group to the next.
  struct GroupPlan {
    DecisionTable decisions;
    std::vector<SyscallRange> ranges;
    std::vector<double> weights;
    RangeSearch search;
  };
  std::vector<GroupPlan> plans(groups.size());
  size_t total_conditions = 0;
  for (size_t g = groups.size(); g-- > 0;) {
    const ArchGroup& group = groups[g];
    for (const ArchPolicy* abi : group.abis) {
      if (abi->arch->byte_order != group.spec().byte_order) {
        return absl::InvalidArgumentError(
            absl::StrCat("arches ", GroupName(group),
                         " share an AUDIT_ARCH value but not a byte order"));
      }
    }
    GroupPlan& plan = plans[g];
    plan.ranges = BuildRanges(group, policy.default_action, &plan.decisions);
    // Every condition of a distinct decision is at least one comparison:
    // far past what a filter holds, refuse before building (a hostile
    // profile of 64 MiB must not cost seconds to be told it is too big).
    for (size_t d = 0; d < plan.decisions.size(); ++d) {
      for (const DecisionRule& rule :
           plan.decisions.Get(static_cast<int>(d)).rules) {
        total_conditions += rule.conditions.size();
      }
    }
    if (total_conditions > kMaxConditions) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "the policy has over ", kMaxConditions,
          " distinct argument conditions; each needs at least one "
          "comparison and the kernel accepts at most ",
          kMaxInstructions,
          " instructions (BPF_MAXINSNS). Fewer distinct argument rules "
          "would help."));
    }
    plan.weights = RangeWeights(plan.ranges, group, plan.decisions, frequency,
                                cached_abis);
  }
  std::vector<size_t> by_size(groups.size());
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(), [&](size_t a, size_t b) {
    return plans[a].ranges.size() > plans[b].ranges.size();
  });
  // One set of search tables for every group: allocated once per program.
  RangeSearchTables search_tables;
  for (size_t g : by_size) {
    plans[g].search = PlanRangeSearch(plans[g].ranges, plans[g].weights,
                                      options.search, &search_tables);
  }
  // Every search node is asked of the DAG once, and argument checks add a
  // few: the DAG's table is sized once instead of rehashed as it grows.
  size_t search_nodes = 0;
  for (const GroupPlan& plan : plans) search_nodes += plan.search.nodes.size();
  dag.Reserve(search_nodes + 64);
  // Built from the last arch test to the first, each falling to the next.
  NodeId next = kill;
  for (size_t g = groups.size(); g-- > 0;) {
    const ArchGroup& group = groups[g];
    const GroupPlan& plan = plans[g];
    const NodeId dispatch = dag.Statement(
        kLoad, kNrOffset,
        SearchCode(&dag, group.spec(), plan.search, plan.decisions));
    next = dag.Branch(kJeq, group.audit_arch, dispatch, next);

    ArchDispatchStats& stats = out.stats.arches[g];
    stats.name = GroupName(group);
    stats.audit_arch = group.audit_arch;
    stats.ranges = plan.ranges.size();
    stats.decisions = plan.decisions.size();
    stats.search_depth = plan.search.depth;
    const double total =
        std::accumulate(plan.weights.begin(), plan.weights.end(), 0.0);
    stats.expected_comparisons =
        total > 0 ? plan.search.expected_cost / total : 0;
    stats.optimal_search = plan.search.optimal;
  }
  const NodeId entry =
      groups.empty() ? kill : dag.Statement(kLoad, kArchOffset, next);

  out.program = dag.Emit(entry);
  out.stats.dag_nodes = dag.size();
  out.stats.unoptimized_instructions = out.program.size();
  if (options.optimize) {
    out.stats.optimizer_rounds = Optimize(&out.program).rounds;
  }
  out.stats.instructions = out.program.size();
  if (out.program.size() > kMaxInstructions) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the filter needs ", out.program.size(),
        " instructions; the kernel accepts at most ", kMaxInstructions,
        " (BPF_MAXINSNS). Fewer distinct argument rules would help."));
  }
  if (absl::Status s = VerifyProgram(out.program); !s.ok()) {
    return absl::InternalError(
        absl::StrCat("generated filter fails verification: ", s.message()));
  }
  return out;
}

}  // namespace seccompc
