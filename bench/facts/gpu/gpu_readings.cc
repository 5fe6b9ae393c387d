// DCGM exporter text and nvidia-smi CSV lines, read field by field.
#include "bench/facts/gpu/gpu_readings.h"

#include <charconv>
#include <cstddef>

#include "bench/facts/metrics/metric_scan.h"

namespace servebench {
namespace {

constexpr size_t kMaxGpus = 256;
constexpr size_t kMaxIdBytes = 128;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// A number with an optional unit after it ("71.23 W", "1234 MiB"); NaN for
// "[N/A]", "[Not Supported]" and anything else.
double Number(std::string_view field) {
  field = Trim(field);
  double value = NAN;
  const auto [ptr, ec] =
      std::from_chars(field.data(), field.data() + field.size(), value);
  if (ec != std::errc() || ptr == field.data()) return NAN;
  const std::string_view unit = Trim(field.substr(ptr - field.data()));
  if (!unit.empty() && unit != "W" && unit != "MiB") return NAN;
  if (!std::isfinite(value) || value < 0) return NAN;
  return value;
}

std::string Cut(std::string_view text) {
  return std::string(text.substr(0, kMaxIdBytes));
}

}  // namespace

std::vector<GpuReading> ReadDcgmText(std::string_view text) {
  static constexpr std::string_view kNames[] = {
      "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION",
      "DCGM_FI_DEV_FB_USED"};
  std::vector<GpuReading> gpus;
  int unlabelled[3] = {0, 0, 0};
  ScanSeries(text, kNames, [&](const SampleLine& s) {
    const int field = s.name == kNames[0] ? 0 : s.name == kNames[1] ? 1 : 2;
    std::optional<std::string_view> id = FindLabel(s.labels, "gpu");
    if (!id) id = FindLabel(s.labels, "UUID");
    if (!id) id = FindLabel(s.labels, "device");
    // Without any id, the n-th line of a field is the n-th GPU.
    const std::string key =
        id ? Cut(*id) : "#" + std::to_string(unlabelled[field]++);
    GpuReading* gpu = nullptr;
    for (GpuReading& g : gpus) {
      if (g.id == key) gpu = &g;
    }
    if (gpu == nullptr) {
      if (gpus.size() >= kMaxGpus) return;
      gpus.push_back(GpuReading{key});
      gpu = &gpus.back();
    }
    if (gpu->name.empty()) {
      if (auto name = FindLabel(s.labels, "modelName")) gpu->name = Cut(*name);
    }
    // DCGM reports a field it cannot read as a "blank" sentinel near the
    // top of its type (9223372036854775794 for integers, 2^47 for floats):
    // beyond what a GPU can draw, hold or have used, it is unknown.
    const double limit = field == 0   ? 1e5                   // W
                         : field == 1 ? std::ldexp(1.0, 62)   // mJ
                                      : std::ldexp(1.0, 40);  // MiB
    const double value =
        std::isfinite(s.value) && s.value >= 0 && s.value < limit ? s.value
                                                                  : NAN;
    (field == 0   ? gpu->power_w
     : field == 1 ? gpu->energy_mj
                  : gpu->memory_used_mib) = value;
  });
  return gpus;
}

CsvColumns ColumnsFromArgv(const std::vector<std::string>& argv) {
  std::string_view query;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string_view arg = argv[i];
    if (arg.rfind("--query-gpu=", 0) == 0) {
      query = arg.substr(12);
    } else if (arg == "--query-gpu" && i + 1 < argv.size()) {
      query = argv[i + 1];
    }
  }
  if (query.empty()) query = "index,power.draw,memory.used,utilization.gpu";
  CsvColumns columns;
  while (!query.empty() && columns.count < 64) {
    const size_t comma = query.find(',');
    const std::string_view field = Trim(query.substr(0, comma));
    query.remove_prefix(comma == std::string_view::npos ? query.size()
                                                        : comma + 1);
    const int at = columns.count++;
    if (field == "index" || field == "uuid" || field == "gpu_uuid" ||
        field == "pci.bus_id" || field == "gpu_bus_id") {
      if (columns.index < 0 || field == "index") columns.index = at;
    } else if (field == "power.draw" || field == "power.draw.average" ||
               field == "power.draw.instant") {
      if (columns.power < 0) columns.power = at;
    } else if (field == "memory.used") {
      columns.memory = at;
    } else if (field == "name" || field == "gpu_name") {
      columns.name = at;
    }
  }
  return columns;
}

std::optional<GpuReading> ParseCsvLine(std::string_view line,
                                       const CsvColumns& columns) {
  std::vector<std::string_view> fields;
  while (fields.size() <= static_cast<size_t>(columns.count)) {
    const size_t comma = line.find(',');
    fields.push_back(Trim(line.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  if (fields.size() < static_cast<size_t>(columns.count)) return std::nullopt;
  GpuReading reading;
  if (columns.index >= 0) {
    const std::string_view id = fields[columns.index];
    // A header names the column ("index"); an id has a digit in it.
    if (id.empty() || id.find_first_of("0123456789") == std::string::npos) {
      return std::nullopt;
    }
    reading.id = Cut(id);
  } else {
    reading.id = "0";
  }
  if (columns.power >= 0) reading.power_w = Number(fields[columns.power]);
  if (columns.memory >= 0) {
    reading.memory_used_mib = Number(fields[columns.memory]);
  }
  if (columns.name >= 0) reading.name = Cut(fields[columns.name]);
  if (std::isnan(reading.power_w) && std::isnan(reading.memory_used_mib)) {
    return std::nullopt;
  }
  return reading;
}

}  // namespace servebench
