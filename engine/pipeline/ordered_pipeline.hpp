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
#include <utility>
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

// The general form: `next(Item&)` fills the next item and returns false at the end (it runs on
// the reader thread only); `sequence_of(const Item&)` is not needed: items are numbered in the
// order `next` yields them. Work: Result(Item&&). Sink: void(Result&&). Returns the items written.
// Used with InputItems by the batches below, and with other units (e.g. the records of a
// multi-patient CSV) by callers that split their input themselves.
template <class Item, class Result, class Next, class Work, class Sink>
uint64_t run_ordered_items(const PipelineOptions& options, Next&& next, Work&& work, Sink&& sink) {
  const unsigned jobs = options.jobs ? options.jobs : default_jobs();
  const size_t window = options.window ? options.window : size_t{4} * jobs;

  BoundedQueue<std::pair<uint64_t, Item>> queue(window);
  std::mutex mutex;
  std::condition_variable result_ready, slot_free;
  std::vector<std::optional<Result>> slots(window);  // result of item s lives in slots[s % window]
  uint64_t written = 0;   // items handed to the sink so far
  uint64_t read = 0;      // items the reader produced (final once reading_done)
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
      for (uint64_t sequence = 0;; ++sequence) {
        Item item{};
        if (!next(item)) break;
        {
          std::unique_lock lock(mutex);
          slot_free.wait(lock, [&] { return stop || sequence - written < window; });
          if (stop) break;
        }
        if (!queue.push({sequence, std::move(item)})) break;
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
      while (auto entry = queue.pop()) {
        uint64_t sequence = entry->first;
        try {
          Result r = work(std::move(entry->second));
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
    std::optional<Result> result;
    {
      std::unique_lock lock(mutex);
      result_ready.wait(lock, [&] {
        return stop || slots[written % window].has_value() || (reading_done && written == read);
      });
      if (stop || !slots[written % window].has_value()) break;
      result = std::move(slots[written % window]);
      slots[written % window].reset();
    }
    try {
      sink(std::move(*result));
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

// A batch over the inputs of an InputReader. Work: Result(InputItem&&). Sink: void(Result&&).
template <class Result, class Work, class Sink>
uint64_t run_ordered(InputReader& reader, const PipelineOptions& options, Work&& work, Sink&& sink) {
  return run_ordered_items<InputItem, Result>(
      options, [&](InputItem& item) { return reader.next(item); }, std::forward<Work>(work), std::forward<Sink>(sink));
}

}  // namespace renkei::pipeline
