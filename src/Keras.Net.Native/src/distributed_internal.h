// What other torch.distributed translation units (distributed_autograd.cpp, distributed_reducer.cpp) share with
// distributed.cpp, which owns the process-group type: a blocking collective on a group handle, with the same timeout
// and error behaviour as the exported collectives, and the c10d::ProcessGroup behind a handle.
#pragma once
#include "common.h"

#if defined(KN_HAVE_C10D)
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>

// Sums `tensor` (contiguous) in place over the group behind `group` (a kn_dist_group_create handle); waits up to
// timeout_ms (0 = the group's timeout). A timeout or a lost peer throws std::runtime_error with c10d's message.
void kn_dist_sum_in_place(void* group, at::Tensor& tensor, int64_t timeout_ms);

// The c10d::ProcessGroup behind a group handle (null where the backend is not a ProcessGroup, as in libtorch 2.x where
// backends derive from c10d::Backend); *timeout_ms, when not null, receives the group's collective timeout. Throws on
// a null handle.
c10::intrusive_ptr<c10d::ProcessGroup> kn_dist_process_group(void* group, int64_t* timeout_ms);
#endif
