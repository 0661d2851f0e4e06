// The control: with lab's include directories a lab header compiles.
#include "lab/sys/file.h"
