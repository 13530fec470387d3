// What the torch.distributed files of the shim share (distributed.cpp owns the groups; distributed_reducer.cpp
// drives DDP's Reducer over them).
#pragma once
#include "common.h"

#if defined(KN_HAVE_C10D)
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>

// The c10d::ProcessGroup behind a group handle from kn_dist_group_create (null where the backend is not a
// ProcessGroup, as in libtorch 2.x where backends derive from c10d::Backend); *timeout_ms receives the group's
// collective timeout. Throws on a null handle.
c10::intrusive_ptr<c10d::ProcessGroup> kn_dist_process_group(void* group, int64_t* timeout_ms);
#endif
