// What other torch.distributed translation units (distributed_autograd.cpp) share with distributed.cpp, which owns
// the process-group type: a blocking collective on a group handle, with the same timeout and error behaviour as the
// exported collectives.
#pragma once
#include "common.h"

#if defined(KN_HAVE_C10D)
// Sums `tensor` (contiguous) in place over the group behind `group` (a kn_dist_group_create handle); waits up to
// timeout_ms (0 = the group's timeout). A timeout or a lost peer throws std::runtime_error with c10d's message.
void kn_dist_sum_in_place(void* group, at::Tensor& tensor, int64_t timeout_ms);
#endif
