// gateway: what a message gateway does with Renkei. The definitions are loaded once into an
// Engine; a pool of threads then validates incoming messages against it concurrently, and each
// message's verdict goes back as an OperationOutcome.
//
//   gateway [--threads N] [--rounds R] MESSAGE.json|xml...
//
// Prints one line per message (its verdict, identical from every thread) and the throughput.
#include <renkei/renkei.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Message {
  std::string name, bytes;
};

std::string verdict(const renkei::Result& r) {
  return std::string(r.valid ? "valid" : "invalid") + " errors=" +
         std::to_string(r.count(renkei::Severity::Error) + r.count(renkei::Severity::Fatal)) +
         " warnings=" + std::to_string(r.count(renkei::Severity::Warning));
}

}  // namespace

int main(int argc, char** argv) {
  unsigned threads = 4, rounds = 25;
  std::vector<Message> messages;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) threads = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (a == "--rounds" && i + 1 < argc) rounds = static_cast<unsigned>(std::stoul(argv[++i]));
    else {
      std::ifstream in(a, std::ios::binary);
      if (!in) {
        std::cerr << "gateway: cannot open " << a << "\n";
        return 2;
      }
      std::stringstream ss;
      ss << in.rdbuf();
      messages.push_back({a, ss.str()});
    }
  }
  if (messages.empty() || threads == 0) {
    std::cerr << "usage: gateway [--threads N] [--rounds R] MESSAGE...\n";
    return 2;
  }

  auto start = std::chrono::steady_clock::now();
  renkei::LoadResult loaded = renkei::Engine::load({});
  if (!loaded.ok()) {
    for (const auto& i : loaded.issues) std::cerr << "gateway: " << i.message << "\n";
    return 2;
  }
  const renkei::Engine& engine = *loaded.engine;
  double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  // Every thread validates every message `rounds` times; all must agree with the first verdict.
  std::vector<std::string> first(messages.size());
  for (size_t m = 0; m < messages.size(); ++m) first[m] = verdict(engine.validate(messages[m].bytes, renkei::Format::Auto));
  std::atomic<size_t> disagreements{0}, validated{0};
  start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (unsigned r = 0; r < rounds; ++r)
        for (size_t k = 0; k < messages.size(); ++k) {
          size_t m = (k + t) % messages.size();
          renkei::ValidateOptions options;
          options.source_name = messages[m].name;
          renkei::Result result = engine.validate(messages[m].bytes, renkei::Format::Auto, options);
          if (verdict(result) != first[m]) ++disagreements;
          ++validated;
        }
    });
  for (auto& th : pool) th.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  for (size_t m = 0; m < messages.size(); ++m) std::cout << messages[m].name << ": " << first[m] << "\n";
  std::printf("engine load %.0f ms; %zu validations on %u threads in %.2f s (%.0f/s); disagreements %zu\n", load_ms,
              validated.load(), threads, seconds, validated / seconds, disagreements.load());
  return disagreements == 0 ? 0 : 1;
}
