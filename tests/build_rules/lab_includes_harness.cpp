// Must NOT compile with lab's include directories: lab/ never includes harness/.
// The test passes only when the compiler says it cannot find this header.
#include "harness/scenario/scenario_spec.h"
