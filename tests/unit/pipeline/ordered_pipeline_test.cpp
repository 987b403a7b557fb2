#include "pipeline/ordered_pipeline.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;
using namespace renkei::pipeline;

namespace {

// An NDJSON file of `n` lines "0".."n-1".
fs::path numbers_file(size_t n) {
  fs::path p = fs::temp_directory_path() / ("renkei-pipeline-" + std::to_string(::getpid()) + ".ndjson");
  std::ofstream out(p);
  for (size_t i = 0; i < n; ++i) out << i << '\n';
  return p;
}

struct Result {
  uint64_t sequence;
  std::string text;
};

}  // namespace

TEST(OrderedPipeline, OutputInInputOrderForAnyJobCountWithBoundedInFlight) {
  fs::path file = numbers_file(500);
  for (unsigned jobs : {1u, 2u, 3u, 8u}) {
    InputReader reader({file.string()}, {});
    std::atomic<int> in_flight{0}, max_in_flight{0};
    std::vector<std::string> out;
    PipelineOptions po;
    po.jobs = jobs;
    po.window = 6;
    uint64_t n = run_ordered<Result>(
        reader, po,
        [&](InputItem&& item) {
          int now = ++in_flight;
          int seen = max_in_flight.load();
          while (now > seen && !max_in_flight.compare_exchange_weak(seen, now)) {
          }
          // Uneven work so that later items often finish first.
          if (item.sequence % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
          return Result{item.sequence, item.bytes};
        },
        [&](Result&& r) {
          --in_flight;
          EXPECT_EQ(r.sequence, out.size());
          out.push_back(r.text);
        });
    EXPECT_EQ(n, 500u);
    ASSERT_EQ(out.size(), 500u);
    for (size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i], std::to_string(i)) << "jobs " << jobs;
    EXPECT_LE(max_in_flight.load(), 6) << "window exceeded with jobs " << jobs;
  }
  fs::remove(file);
}

TEST(OrderedPipeline, SinkFailureStopsTheBatchCleanlyAndRethrows) {
  fs::path file = numbers_file(1000);
  InputReader reader({file.string()}, {});
  PipelineOptions po;
  po.jobs = 2;
  size_t sunk = 0;
  EXPECT_THROW(run_ordered<Result>(
                   reader, po, [](InputItem&& item) { return Result{item.sequence, item.bytes}; },
                   [&](Result&&) {
                     if (++sunk == 10) throw std::runtime_error("disk full");
                   }),
               std::runtime_error);
  EXPECT_EQ(sunk, 10u);
  fs::remove(file);
}

TEST(OrderedPipeline, EmptyInputWritesNothing) {
  fs::path file = numbers_file(0);
  InputReader reader({file.string()}, {});
  uint64_t n = run_ordered<Result>(
      reader, {}, [](InputItem&& item) { return Result{item.sequence, item.bytes}; }, [](Result&&) { FAIL(); });
  EXPECT_EQ(n, 0u);
  fs::remove(file);
}

// The general form over caller-defined units (as convert would feed the records of one CSV).
TEST(OrderedPipeline, CallerDefinedItemsKeepTheirOrder) {
  int produced = 0;
  std::vector<int> out;
  PipelineOptions po;
  po.jobs = 3;
  po.window = 5;
  uint64_t n = run_ordered_items<int, int>(
      po,
      [&](int& item) {
        if (produced == 300) return false;
        item = produced++;
        return true;
      },
      [](int&& item) {
        if (item % 5 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
        return item * item;
      },
      [&](int&& square) { out.push_back(square); });
  EXPECT_EQ(n, 300u);
  ASSERT_EQ(out.size(), 300u);
  for (int i = 0; i < 300; ++i) ASSERT_EQ(out[static_cast<size_t>(i)], i * i);
}

// One job is the calling thread alone: no hand-offs between threads, and the sink sees the
// caller's thread-local state.
TEST(OrderedPipeline, OneJobRunsOnTheCallingThread) {
  const std::thread::id caller = std::this_thread::get_id();
  int produced = 0;
  size_t on_other_threads = 0;
  PipelineOptions po;
  po.jobs = 1;
  uint64_t n = run_ordered_items<int, int>(
      po,
      [&](int& item) {
        on_other_threads += std::this_thread::get_id() != caller;
        item = produced;
        return produced++ < 50;
      },
      [&](int&& item) {
        on_other_threads += std::this_thread::get_id() != caller;
        return item;
      },
      [&](int&&) { on_other_threads += std::this_thread::get_id() != caller; });
  EXPECT_EQ(n, 50u);
  EXPECT_EQ(on_other_threads, 0u);
}

// An internal error in a worker (not bad input, which `work` turns into a result) stops the
// batch: the items before it are written, in order, and the error reaches the caller.
TEST(OrderedPipeline, WorkerFailureStopsTheBatchAndRethrows) {
  for (unsigned jobs : {1u, 2u, 4u}) {
    int produced = 0;
    std::vector<int> out;
    PipelineOptions po;
    po.jobs = jobs;
    auto batch = [&] {
      return run_ordered_items<int, int>(
          po,
          [&](int& item) {
            item = produced;
            return produced++ < 1000;
          },
          [](int&& item) {
            if (item == 100) throw std::logic_error("internal error");
            return item;
          },
          [&](int&& item) { out.push_back(item); });
    };
    EXPECT_THROW(batch(), std::logic_error) << "jobs " << jobs;
    ASSERT_LE(out.size(), 100u) << "jobs " << jobs;
    for (size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i], static_cast<int>(i));
  }
}

TEST(OrderedPipeline, ReaderFailureStopsTheBatchAndRethrows) {
  int produced = 0;
  size_t sunk = 0;
  PipelineOptions po;
  po.jobs = 2;
  auto batch = [&] {
    return run_ordered_items<int, int>(
        po,
        [&](int& item) {
          if (produced == 20) throw std::runtime_error("unreadable input");
          item = produced++;
          return true;
        },
        [](int&& item) { return item; }, [&](int&&) { ++sunk; });
  };
  EXPECT_THROW(batch(), std::runtime_error);
  EXPECT_LE(sunk, 20u);
}
