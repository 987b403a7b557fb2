#pragma once
// The batch engine: one reader thread → N worker threads → the calling thread as an ordered
// writer. At most `window` items are in flight (read but not yet written), so memory is flat
// in the number of inputs however slow the writer or uneven the items; results are handed to
// the sink strictly in input order, so the output is the same for any number of jobs.
//
// Failure isolation is the caller's: `work` turns every item, good or bad, into a Result (it
// must not throw for bad input). An exception that escapes `work` or `sink` (an internal error,
// a full disk) stops the batch cleanly: threads are joined and the exception is rethrown.
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "pipeline/bounded_queue.hpp"
#include "pipeline/input_item.hpp"
#include "pipeline/input_reader.hpp"

namespace renkei::pipeline {

struct PipelineOptions {
  unsigned jobs = 0;   // worker threads; 0 = the hardware threads
  size_t window = 0;   // items in flight; 0 = 4 per worker
};

unsigned default_jobs();

// Work: Result(InputItem&&). Sink: void(Result&&). Returns the number of items written.
template <class Result, class Work, class Sink>
uint64_t run_ordered(InputReader& reader, const PipelineOptions& options, Work&& work, Sink&& sink) {
  const unsigned jobs = options.jobs ? options.jobs : default_jobs();
  const size_t window = options.window ? options.window : size_t{4} * jobs;

  BoundedQueue<InputItem> queue(window);
  std::mutex mutex;
  std::condition_variable result_ready, slot_free;
  std::vector<std::optional<Result>> slots(window);  // result of item s lives in slots[s % window]
  uint64_t written = 0;   // items handed to the sink so far
  uint64_t read = 0;      // items the reader produced (valid once reading_done)
  bool reading_done = false, stop = false;
  std::exception_ptr failure;

  auto fail = [&](std::exception_ptr e) {
    std::lock_guard lock(mutex);
    if (!failure) failure = e;
    stop = true;
    result_ready.notify_all();
    slot_free.notify_all();
  };

  std::thread reader_thread([&] {
    try {
      InputItem item;
      while (reader.next(item)) {
        {
          std::unique_lock lock(mutex);
          slot_free.wait(lock, [&] { return stop || item.sequence - written < window; });
          if (stop) break;
        }
        if (!queue.push(std::move(item))) break;
        std::lock_guard lock(mutex);
        ++read;
      }
    } catch (...) {
      fail(std::current_exception());
    }
    queue.close();
    std::lock_guard lock(mutex);
    reading_done = true;
    result_ready.notify_all();
  });

  std::vector<std::thread> workers;
  workers.reserve(jobs);
  for (unsigned w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      while (auto item = queue.pop()) {
        uint64_t sequence = item->sequence;
        try {
          Result r = work(std::move(*item));
          std::lock_guard lock(mutex);
          slots[sequence % window].emplace(std::move(r));
          result_ready.notify_all();
        } catch (...) {
          fail(std::current_exception());
          queue.close();
          return;
        }
      }
    });
  }

  // The ordered writer.
  for (;;) {
    std::optional<Result> next;
    {
      std::unique_lock lock(mutex);
      result_ready.wait(lock, [&] {
        return stop || slots[written % window].has_value() || (reading_done && written == read);
      });
      if (stop || !slots[written % window].has_value()) break;
      next = std::move(slots[written % window]);
      slots[written % window].reset();
    }
    try {
      sink(std::move(*next));
    } catch (...) {
      fail(std::current_exception());
      queue.close();
      break;
    }
    std::lock_guard lock(mutex);
    ++written;
    slot_free.notify_all();
  }

  reader_thread.join();
  for (auto& t : workers) t.join();
  if (failure) std::rethrow_exception(failure);
  return written;
}

}  // namespace renkei::pipeline
