// Precompiled header for the shim: the parts of libtorch every file uses.
#pragma once
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/util/Exception.h>
#include <cstdint>
#include <string>
#include <vector>
