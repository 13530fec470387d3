// The thread-local last-error slot.
#include "common.h"

namespace {
thread_local std::string last_error;
thread_local int32_t last_error_kind = KN_ERR_NONE;
}

void kn_set_error(int32_t kind, const char* message) {
  last_error_kind = kind;
  last_error = message ? message : "";
}

// Called from inside a catch block: classifies the in-flight exception.
void kn_catch_current() {
  try {
    throw;
  } catch (const c10::IndexError& e) {
    kn_set_error(KN_ERR_INDEX, e.what_without_backtrace());
  } catch (const c10::ValueError& e) {
    kn_set_error(KN_ERR_VALUE, e.what_without_backtrace());
  } catch (const c10::TypeError& e) {
    kn_set_error(KN_ERR_TYPE, e.what_without_backtrace());
  } catch (const c10::NotImplementedError& e) {
    kn_set_error(KN_ERR_NOT_IMPLEMENTED, e.what_without_backtrace());
  } catch (const c10::OutOfMemoryError& e) {
    kn_set_error(KN_ERR_OUT_OF_MEMORY, e.what_without_backtrace());
  } catch (const c10::Error& e) {
    std::string message = e.what_without_backtrace();
    const bool oom = message.find("out of memory") != std::string::npos;
    kn_set_error(oom ? KN_ERR_OUT_OF_MEMORY : KN_ERR_GENERIC, message.c_str());
  } catch (const std::bad_alloc&) {
    kn_set_error(KN_ERR_OUT_OF_MEMORY, "out of memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    kn_set_error(KN_ERR_GENERIC, e.what());
  } catch (...) {
    kn_set_error(KN_ERR_GENERIC, "unknown native exception");
  }
}

KN_API const char* kn_last_error() { return last_error.c_str(); }

KN_API int32_t kn_last_error_kind() { return last_error_kind; }

KN_API void kn_clear_error() {
  last_error_kind = KN_ERR_NONE;
  last_error.clear();
}
