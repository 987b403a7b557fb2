#pragma once
// The batch engine: N workers, each taking the next item, working on it, and handing results to
// the sink strictly in input order, so the output is the same for any number of jobs. At most
// `window` items are in flight (taken but not yet written), so memory is flat in the number of
// inputs however uneven the items.
//
// There is no reader or writer thread: a worker takes the next item itself (`next` runs under a
// lock, one call at a time), and the worker that completes the oldest outstanding item writes
// every result that is then ready, in order. Nobody hands items to a thread that has to be woken
// for each of them, so a batch does not pay two context switches per item, and `--jobs 1` runs
// entirely on the calling thread. The calling thread is one of the workers.
//
// Failure isolation is the caller's: `work` turns every item, good or bad, into a Result (it
// must not throw for bad input). An exception that escapes `next`, `work` or `sink` (an internal
// error, a full disk) stops the batch cleanly: threads are joined and the exception is rethrown.
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "pipeline/input_item.hpp"
#include "pipeline/input_reader.hpp"

namespace renkei::pipeline {

struct PipelineOptions {
  unsigned jobs = 0;   // worker threads; 0 = the hardware threads
  size_t window = 0;   // items in flight; 0 = 4 per worker
};

unsigned default_jobs();

// The general form: `next(Item&)` fills the next item and returns false at the end (calls are
// serialised); items are numbered in the order `next` yields them. Work: Result(Item&&).
// Sink: void(Result&&), called in item order, one call at a time (from any worker thread).
// Returns the items written. Used with InputItems by the batches below, and with other units
// (e.g. the records of a multi-patient CSV) by callers that split their input themselves.
template <class Item, class Result, class Next, class Work, class Sink>
uint64_t run_ordered_items(const PipelineOptions& options, Next&& next, Work&& work, Sink&& sink) {
  const unsigned jobs = options.jobs ? options.jobs : default_jobs();
  const size_t window = options.window ? options.window : size_t{4} * jobs;

  std::mutex take_mutex;  // serialises next(); guards `taken` and `input_done`
  uint64_t taken = 0;     // items numbered so far
  bool input_done = false;

  std::mutex mutex;       // guards everything below
  std::condition_variable room;  // a taker waits here while `window` items are in flight
  std::vector<std::optional<Result>> slots(window);  // result of item s lives in slots[s % window]
  uint64_t written = 0;   // items handed to the sink so far
  bool writing = false;   // a worker is draining ready results into the sink
  bool stop = false;
  std::exception_ptr failure;

  auto fail = [&](std::exception_ptr e) {
    std::lock_guard lock(mutex);
    if (!failure) failure = e;
    stop = true;
    room.notify_all();
  };

  // Takes the next item; false at the end of the input or when the batch stops.
  auto take = [&](Item& item, uint64_t& sequence) {
    std::lock_guard take_lock(take_mutex);
    if (input_done) return false;
    {
      std::unique_lock lock(mutex);
      room.wait(lock, [&] { return stop || taken - written < window; });
      if (stop) return false;
    }
    if (!next(item)) {
      input_done = true;
      return false;
    }
    sequence = taken++;
    return true;
  };

  // Stores a result; the worker that finds the oldest outstanding result ready writes all the
  // consecutive ready ones (others leave theirs to it).
  auto deliver = [&](uint64_t sequence, Result&& r) {
    std::unique_lock lock(mutex);
    if (stop) return;
    slots[sequence % window].emplace(std::move(r));
    if (writing) return;
    writing = true;
    while (!stop && slots[written % window].has_value()) {
      Result out = std::move(*slots[written % window]);
      slots[written % window].reset();
      lock.unlock();
      sink(std::move(out));  // may throw: see the worker's handler
      lock.lock();
      ++written;
      room.notify_all();
    }
    writing = false;
  };

  auto worker = [&] {
    try {
      Item item{};
      uint64_t sequence = 0;
      while (take(item, sequence)) {
        deliver(sequence, work(std::move(item)));
        item = Item{};
      }
    } catch (...) {
      fail(std::current_exception());
    }
  };

  std::vector<std::thread> helpers;
  helpers.reserve(jobs - 1);
  try {
    for (unsigned w = 1; w < jobs; ++w) helpers.emplace_back(worker);
  } catch (...) {
    fail(std::current_exception());
  }
  worker();
  for (auto& t : helpers) t.join();
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
