#pragma once
// The explicit list of IKE implementations (registry.cpp: one line each),
// plus any registered at run time (a test's own implementation).
#include <memory>
#include <string>
#include <vector>

#include "lab/ike/implementation.h"

namespace lab::ike {

// Every implementation, built-in ones first, in registration order.
std::vector<const IkeImplementation*> implementations();
// Names of every implementation ("libreswan", "strongswan").
std::vector<std::string> implementationNames();
// Throws sys::Error listing the known names for an unknown one.
const IkeImplementation& implementation(const std::string& name);
const IkeImplementation* findImplementation(const std::string& name);
// The implementation a scenario's host runs unless it says otherwise.
const IkeImplementation& defaultImplementation();

// Adds an implementation; throws sys::Error if its name is taken.
void registerImplementation(std::unique_ptr<IkeImplementation> impl);
// Removes one registered at run time (tests); built-ins stay.
void unregisterImplementation(const std::string& name);

}  // namespace lab::ike
