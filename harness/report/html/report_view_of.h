#pragma once
// The HTML report's view of a scenario run: the scenario's topology,
// connections and stages, with the daemons the run's result names.
#include "harness/report/html/report_view.h"
#include "harness/report/result.h"
#include "harness/scenario/scenario_spec.h"

namespace harness::report::html {

ReportView reportViewOf(const ScenarioSpec& spec, const RunResult& r);

}  // namespace harness::report::html
