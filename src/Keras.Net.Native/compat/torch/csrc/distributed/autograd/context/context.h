// Stand-in for libtorch's distributed-autograd context header, which Debian's libtorch-dev 1.13 does not ship although
// c10d/reducer.hpp includes it. The Reducer only names two things from it: the context pointer type (a shared_ptr
// member, whose layout does not depend on the pointee) and the gradient callback type. CMakeLists.txt adds this
// directory to the include path only when the real header is missing; the shim never uses distributed autograd.
#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>

namespace torch {
namespace distributed {
namespace autograd {

class DistAutogradContext {
 public:
  using GradCallback = std::function<bool(at::Tensor&)>;
};

using ContextPtr = std::shared_ptr<DistAutogradContext>;

}  // namespace autograd
}  // namespace distributed
}  // namespace torch
