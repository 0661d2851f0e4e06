#include "harness/scenario/parser.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "harness/scenario/ipsec_reader.h"
#include "harness/scenario/names.h"
#include "harness/scenario/stages_reader.h"
#include "harness/scenario/topology_reader.h"
#include "harness/scenario/yaml_reader.h"

namespace harness::scenario {
namespace {

[[noreturn]] void fail(const std::string& file, int line, int col, std::string message, std::string hint = "") {
  throw ScenarioParseError({ScenarioError{file, line, col, "", std::move(message), std::move(hint)}});
}

YAML::Node loadYaml(const std::string& text, const std::string& fileName) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    fail(fileName, e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    int line = e.mark.line < 0 ? 0 : e.mark.line + 1;
    fail(fileName, line, e.mark.column + 1, "YAML error: " + e.msg);
  }
}

}  // namespace

ScenarioSpec parseScenario(const std::string& yamlText, const std::string& fileName, const LoadOptions& opts) {
  const YAML::Node root = loadYaml(yamlText, fileName);
  if (root.IsNull() || !root.IsDefined())
    fail(fileName, 1, 1, "the file is empty", "expected a map with name, segments, hosts and stages");

  YamlReader r(fileName);
  ScenarioSpec spec;
  spec.file = fileName;
  auto top = r.fields(root, "", {"name", "about", "segments", "nats", "hosts", "tunnels", "ipsec", "stages"},
                      {"name", "segments", "hosts", "stages"}, "a scenario (a map)");
  if (!top) throw ScenarioParseError(r.takeErrors());

  if (const Field* name = top->get("name")) {
    if (auto s = r.text(name->value, name->path, "a scenario name")) {
      if (auto p = labNameProblem(*s); !p.empty()) r.error(name->value, name->path, p);
      spec.name = *s;
    }
  }
  if (const Field* about = top->get("about")) {
    if (auto s = r.text(about->value, about->path, "one line of text")) {
      std::string line = *s;
      while (!line.empty() && line.back() == '\n') line.pop_back();  // folded scalars end in \n
      if (line.find('\n') != std::string::npos)
        r.error(about->value, about->path, "about: is one line", "shorten it; details go in comments");
      spec.about = line;
    }
  }

  TopologyReader topo(r);
  spec.topology = topo.read(*top);
  spec.ipsec = readIpsec(r, top->get("ipsec"), topo.nodes(), spec.topology);
  StageContext ctx{topo.nodes(), spec.ipsec ? &*spec.ipsec : nullptr, top->get("ipsec") != nullptr};
  spec.stages = readStages(r, top->get("stages"), ctx);

  if (!opts.labName.empty()) {
    if (auto p = labNameProblem(opts.labName); !p.empty())
      r.errorAt(YAML::Mark::null_mark(), "", "lab name: " + p, "the lab name comes from --lab");
    spec.topology.lab = opts.labName;
  } else {
    spec.topology.lab = spec.name;
  }

  if (r.hasErrors()) throw ScenarioParseError(r.takeErrors());
  return spec;
}

ScenarioSpec loadScenario(const std::filesystem::path& file, const LoadOptions& opts) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) fail(file.string(), 0, 0, "cannot read the file: it is a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file.string(), 0, 0, std::string("cannot read the file: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) fail(file.string(), 0, 0, "cannot read the file");
  return parseScenario(text.str(), file.string(), opts);
}

}  // namespace harness::scenario
