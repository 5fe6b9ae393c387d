// Reading, merging and settling the load keys of suite files.
#include "bench/config/load_spec.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "bench/base/enum_names.h"
#include "bench/base/limits.h"
#include "bench/config/toml_check.h"

namespace servebench {
namespace {

const std::vector<std::string> kSloKeys = {"ttft_ms", "tpot_ms", "e2e_ms"};

std::string Compact(double value) {
  char buf[64];
  auto [end, ec] =
      std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  return std::string(buf, end);
}

class Reader {
 public:
  Reader(const toml::table& table, const std::string& source,
         const std::string& section)
      : table_(table), source_(source), section_(section) {}

  Error Bad(const toml::node& node, const char* key,
            const std::string& expected) const {
    return Error{Where(source_, node) + ": \"" + key + "\" in " + section_ +
                 " is " + Describe(node) + "; it must be " + expected};
  }

  // A number (integers welcome) in [low, high]; `low_open` excludes low.
  Result<std::optional<double>> Number(const char* key, double low, double high,
                                       bool low_open,
                                       const std::string& expected) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return std::optional<double>();
    return NumberNode(*node, key, low, high, low_open, expected);
  }

  Result<std::optional<double>> NumberNode(const toml::node& node,
                                           const char* key, double low,
                                           double high, bool low_open,
                                           const std::string& expected) const {
    std::optional<double> value;
    if (const auto* f = node.as_floating_point()) value = f->get();
    if (const auto* i = node.as_integer()) {
      value = static_cast<double>(i->get());
    }
    if (!value || !std::isfinite(*value) || *value > high ||
        (low_open ? *value <= low : *value < low)) {
      return Bad(node, key, expected);
    }
    return value;
  }

  Result<std::optional<int>> Whole(const char* key, int64_t low, int64_t high,
                                   const std::string& expected) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return std::optional<int>();
    const auto* value = node->as_integer();
    if (value == nullptr || value->get() < low || value->get() > high) {
      return Bad(*node, key, expected);
    }
    return std::optional<int>(static_cast<int>(value->get()));
  }

  // A count from 1 to `high`, the message saying so.
  Result<std::optional<int>> Count(const char* key, int64_t high) const {
    return Whole(key, 1, high,
                 "a whole number from 1 to " + std::to_string(high));
  }

  Result<std::optional<bool>> Bool(const char* key) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return std::optional<bool>();
    const auto* value = node->as_boolean();
    if (value == nullptr) return Bad(*node, key, "true or false");
    return std::optional<bool>(value->get());
  }

  // A non-empty list without repeats, each element read by `element`.
  template <typename T, typename ElementFn>
  Result<std::optional<std::vector<T>>> List(const char* key,
                                             const std::string& example,
                                             ElementFn element) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return std::optional<std::vector<T>>();
    const toml::array* list = node->as_array();
    if (list == nullptr || list->empty()) {
      return Bad(*node, key, "a list, e.g. " + example);
    }
    std::vector<T> out;
    for (const toml::node& item : *list) {
      SB_ASSIGN_OR_RETURN(T value, element(item));
      if (std::find(out.begin(), out.end(), value) != out.end()) {
        return Error{Where(source_, item) + ": " + key + " level " +
                     Describe(item) + " in " + section_ + " is repeated"};
      }
      out.push_back(value);
    }
    return std::optional<std::vector<T>>(std::move(out));
  }

  const std::string& source() const { return source_; }
  const std::string& section() const { return section_; }
  const toml::table& table() const { return table_; }

 private:
  const toml::table& table_;
  const std::string& source_;
  const std::string& section_;
};

Status ReadSlo(const Reader& r, Slo& slo) {
  const toml::node* node = r.table().get("slo");
  if (node == nullptr) return Ok{};
  const toml::table* table = node->as_table();
  const std::string section = r.section() + ".slo";
  if (table == nullptr) {
    return Error{Where(r.source(), *node) + ": \"slo\" in " + r.section() +
                 " must be a table, e.g. [suite.slo] with ttft_ms = 500"};
  }
  SB_RETURN_IF_ERROR(CheckKeys(*table, kSloKeys, r.source(), section));
  const Reader slo_reader(*table, r.source(), section);
  const std::string expected =
      "a limit in milliseconds above 0 (at most a day), e.g. 500";
  SB_ASSIGN_OR_RETURN(
      slo.ttft_ms, slo_reader.Number("ttft_ms", 0, kMaxSloMs, true, expected));
  SB_ASSIGN_OR_RETURN(
      slo.tpot_ms, slo_reader.Number("tpot_ms", 0, kMaxSloMs, true, expected));
  SB_ASSIGN_OR_RETURN(
      slo.e2e_ms, slo_reader.Number("e2e_ms", 0, kMaxSloMs, true, expected));
  return Ok{};
}

}  // namespace

constexpr EnumNames<Arrivals, 3> kArrivalsNames({{
    {Arrivals::kPoisson, "poisson"},
    {Arrivals::kConstant, "constant"},
    {Arrivals::kGamma, "gamma"},
}});

const char* ArrivalsName(Arrivals arrivals) {
  return kArrivalsNames.Name(arrivals).data();
}

std::optional<Arrivals> ArrivalsByName(std::string_view name) {
  return kArrivalsNames.Parse(name);
}

std::string Slo::Describe() const {
  std::string out;
  const auto add = [&](const char* name, const std::optional<double>& limit) {
    if (!limit) return;
    out += (out.empty() ? "" : ", ") + std::string(name) +
           " <= " + Compact(*limit);
  };
  add("ttft_ms", ttft_ms);
  add("tpot_ms", tpot_ms);
  add("e2e_ms", e2e_ms);
  return out.empty() ? "none" : out;
}

const std::vector<std::string>& LoadKeyNames() {
  static const std::vector<std::string> kNames = {
      "concurrency",     "request_rate",  "arrivals",     "burstiness", "seed",
      "max_concurrency", "duration_s",    "requests",     "warmup_s",   "sweep",
      "sweep_points",    "prefix_tokens", "prefix_group", "turns",      "slo"};
  return kNames;
}

Result<LoadKeys> ReadLoadKeys(const toml::table& table,
                              const std::string& source,
                              const std::string& section) {
  const Reader r(table, source, section);
  LoadKeys k;
  SB_ASSIGN_OR_RETURN(
      k.concurrency,
      (r.List<int>("concurrency", "[1, 8, 32]",
                   [&](const toml::node& item) -> Result<int> {
                     const auto* value = item.as_integer();
                     if (value == nullptr || value->get() < 1 ||
                         value->get() > kMaxConcurrency) {
                       return Error{Where(source, item) +
                                    ": concurrency level " + Describe(item) +
                                    " in " + section +
                                    " must be a whole number from 1 to " +
                                    std::to_string(kMaxConcurrency)};
                     }
                     return static_cast<int>(value->get());
                   })));
  SB_ASSIGN_OR_RETURN(
      k.request_rate,
      (r.List<double>("request_rate", "[2, 8, 32] (requests per second)",
                      [&](const toml::node& item) -> Result<double> {
                        auto rate =
                            r.NumberNode(item, "request_rate", kMinRequestRate,
                                         kMaxRequestRate, false,
                                         "a rate in requests per second from " +
                                             Compact(kMinRequestRate) + " to " +
                                             Compact(kMaxRequestRate));
                        if (!rate.ok()) return rate;
                        return **rate;
                      })));
  if (const toml::node* node = table.get("arrivals")) {
    const auto* text = node->as_string();
    const std::optional<Arrivals> arrivals =
        text ? ArrivalsByName(text->get()) : std::nullopt;
    if (!arrivals) {
      return r.Bad(*node, "arrivals", "\"poisson\", \"constant\" or \"gamma\"");
    }
    k.arrivals = arrivals;
  }
  SB_ASSIGN_OR_RETURN(
      k.burstiness,
      r.Number("burstiness", 0, 1000, true,
               "a gamma shape above 0 (1 is Poisson, below 1 burstier)"));
  if (const toml::node* node = table.get("seed")) {
    const auto* value = node->as_integer();
    if (value == nullptr || value->get() < 0) {
      return r.Bad(*node, "seed", "a whole number of at least 0");
    }
    k.seed = value->get();
  }
  SB_ASSIGN_OR_RETURN(k.max_concurrency,
                      r.Count("max_concurrency", kMaxConcurrency));
  SB_ASSIGN_OR_RETURN(k.duration_s,
                      r.Number("duration_s", 0, kMaxLevelSeconds, true,
                               "seconds above 0, at most a day"));
  SB_ASSIGN_OR_RETURN(k.requests, r.Count("requests", kMaxLevelRequests));
  SB_ASSIGN_OR_RETURN(k.warmup_s, r.Number("warmup_s", 0, kMaxLevelSeconds,
                                           false, "seconds of at least 0"));
  SB_ASSIGN_OR_RETURN(k.sweep, r.Bool("sweep"));
  SB_ASSIGN_OR_RETURN(k.sweep_points, r.Count("sweep_points", kMaxSweepPoints));
  SB_ASSIGN_OR_RETURN(k.prefix_tokens,
                      r.Whole("prefix_tokens", 0, kMaxCaseTokens,
                              "a token count of at least 0"));
  SB_ASSIGN_OR_RETURN(k.prefix_group, r.Count("prefix_group", kMaxPrefixGroup));
  SB_ASSIGN_OR_RETURN(k.turns, r.Count("turns", kMaxTurns));
  SB_RETURN_IF_ERROR(ReadSlo(r, k.slo));
  return k;
}

LoadKeys MergeLoadKeys(const LoadKeys& base, const LoadKeys& over) {
  LoadKeys out = base;
  const auto take = [](auto& into, const auto& from) {
    if (from) into = from;
  };
  take(out.concurrency, over.concurrency);
  take(out.request_rate, over.request_rate);
  take(out.arrivals, over.arrivals);
  take(out.burstiness, over.burstiness);
  take(out.seed, over.seed);
  take(out.max_concurrency, over.max_concurrency);
  take(out.duration_s, over.duration_s);
  take(out.requests, over.requests);
  take(out.warmup_s, over.warmup_s);
  take(out.sweep, over.sweep);
  take(out.sweep_points, over.sweep_points);
  take(out.prefix_tokens, over.prefix_tokens);
  take(out.prefix_group, over.prefix_group);
  take(out.turns, over.turns);
  take(out.slo.ttft_ms, over.slo.ttft_ms);
  take(out.slo.tpot_ms, over.slo.tpot_ms);
  take(out.slo.e2e_ms, over.slo.e2e_ms);
  // A case's duration replaces the suite's request count, and the reverse.
  if (over.duration_s && !over.requests) out.requests.reset();
  if (over.requests && !over.duration_s) out.duration_s.reset();
  return out;
}

int LoadSpec::Conversations(double rate) const {
  if (requests) return *requests;
  return std::max(1, static_cast<int>(std::llround(rate * duration_s)));
}

Result<LoadSpec> SettleLoadSpec(const LoadKeys& keys, int64_t isl,
                                const std::string& where) {
  LoadSpec spec;
  spec.arrivals = keys.arrivals.value_or(Arrivals::kPoisson);
  spec.arrivals_given = keys.arrivals.has_value();
  if (keys.burstiness && spec.arrivals != Arrivals::kGamma) {
    return Error{where +
                 ": burstiness is the shape of gamma arrivals; set "
                 "arrivals = \"gamma\" or remove it"};
  }
  spec.burstiness = keys.burstiness.value_or(1);
  spec.seed = static_cast<uint64_t>(keys.seed.value_or(1));
  spec.max_concurrency = keys.max_concurrency.value_or(0);
  if (keys.requests && keys.duration_s) {
    return Error{where +
                 ": a rate level's length is requests or duration_s, "
                 "not both"};
  }
  spec.requests = keys.requests;
  spec.duration_s = keys.duration_s.value_or(30);
  spec.warmup_s = keys.warmup_s.value_or(0);
  if (!spec.requests && spec.warmup_s >= spec.duration_s) {
    return Error{where + ": warmup_s (" + Compact(spec.warmup_s) +
                 " s) must be shorter than the level's duration_s (" +
                 Compact(spec.duration_s) + " s), or nothing is measured"};
  }
  spec.sweep_points = keys.sweep_points.value_or(4);
  spec.prefix_tokens = keys.prefix_tokens.value_or(0);
  if (keys.prefix_group && spec.prefix_tokens == 0) {
    return Error{where +
                 ": prefix_group needs prefix_tokens (the shared "
                 "prefix's length)"};
  }
  spec.prefix_group = keys.prefix_group.value_or(8);
  // Each request keeps its own 8-word tag and at least a word after the
  // prefix, so that it stays unique.
  constexpr int64_t kOwnWords = 9;
  if (spec.prefix_tokens > 0 && spec.prefix_tokens + kOwnWords > isl) {
    return Error{where + ": prefix_tokens " +
                 std::to_string(spec.prefix_tokens) +
                 " leaves no room in ISL " + std::to_string(isl) +
                 " for each request's own tag; use at "
                 "most ISL - " +
                 std::to_string(kOwnWords)};
  }
  spec.turns = keys.turns.value_or(1);
  spec.slo = keys.slo;
  return spec;
}

std::string RateText(double rate) {
  char buf[64];
  auto [end, ec] =
      std::to_chars(buf, buf + sizeof buf, rate, std::chars_format::fixed);
  std::string text(buf, end);
  std::replace(text.begin(), text.end(), '.', 'p');
  return text;
}

}  // namespace servebench
