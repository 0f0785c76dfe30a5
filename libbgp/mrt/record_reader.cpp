#include "libbgp/mrt/record_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "libbgp/mrt/types.hpp"

namespace bgp::mrt {
namespace {

// Read granularity for files. Records are usually far smaller; larger ones
// just take several reads into the growing buffer.
constexpr std::size_t kReadChunk = 64 * 1024;
// Grow only when less than this is free, so small reads do not resize.
constexpr std::size_t kMinFreeSpace = 4 * 1024;

class GzFileSource final : public ByteSource {
 public:
  explicit GzFileSource(gzFile file) : file_(file) {}
  ~GzFileSource() override { gzclose(file_); }
  GzFileSource(const GzFileSource&) = delete;
  GzFileSource& operator=(const GzFileSource&) = delete;

  std::optional<std::size_t> read(std::span<std::byte> out) override {
    const auto want = static_cast<unsigned>(std::min<std::size_t>(out.size(), INT_MAX));
    const int got = gzread(file_, out.data(), want);
    if (got < 0) return std::nullopt;
    if (got == 0) {
      // zlib reports a gzip stream cut short only through gzerror
      // (Z_BUF_ERROR, "unexpected end of file"): not a clean end.
      int code = Z_OK;
      gzerror(file_, &code);
      if (code != Z_OK && code != Z_STREAM_END) return std::nullopt;
    }
    return static_cast<std::size_t>(got);
  }

  std::string error() const override {
    int code = 0;
    const char* text = gzerror(file_, &code);
    if (code == Z_ERRNO) return std::strerror(errno);
    return text != nullptr ? text : "unknown zlib error";
  }

 private:
  gzFile file_;
};

}  // namespace

std::unique_ptr<ByteSource> open_file_source(const std::string& path, std::string& why) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    why = fmt::format("cannot open {}: {}", path, errno != 0 ? std::strerror(errno) : "out of memory");
    return nullptr;
  }
  gzbuffer(file, 128 * 1024);
  return std::make_unique<GzFileSource>(file);
}

RecordReader::RecordReader(Bytes memory) : memory_(memory), end_(memory.size()), source_done_(true) {}

RecordReader::RecordReader(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}

Bytes RecordReader::window() const {
  if (!source_) return memory_.subspan(begin_, end_ - begin_);
  return Bytes(buffer_).subspan(begin_, end_ - begin_);
}

void RecordReader::consume(std::size_t n) {
  begin_ += n;
  consumed_ += n;
}

bool RecordReader::fill(std::size_t n) {
  while (end_ - begin_ < n) {
    if (source_done_ || !source_) return false;
    // Move the unconsumed tail to the front, then grow by one chunk. The
    // buffer grows with the data actually read, never with a claimed
    // Length, so a lying header cannot make us allocate gigabytes.
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() - end_ < kMinFreeSpace) buffer_.resize(end_ + kReadChunk);
    const auto got = source_->read(std::span(buffer_).subspan(end_));
    if (!got) {
      source_done_ = true;
      // Reported at the record being read (consumed_), with how far it got.
      error_ = ReadError{ReadError::Kind::kIo, consumed_, 0, 0,
                         fmt::format("offset {}: read error after {} bytes of the record: {}", consumed_,
                                     end_ - begin_, source_->error())};
      return false;
    }
    if (*got == 0) source_done_ = true;
    end_ += *got;
  }
  return true;
}

std::optional<Record> RecordReader::fail(ReadError::Kind kind, const RecordHeader* header, std::string what) {
  ReadError e{kind, consumed_, 0, 0, {}};
  if (header != nullptr) {
    e.type = header->type;
    e.subtype = header->subtype;
    e.message = fmt::format("offset {}: {}/{} record: {}", consumed_, record_type_name(header->type),
                            record_subtype_name(header->type, header->subtype), what);
  } else {
    e.message = fmt::format("offset {}: {}", consumed_, what);
  }
  error_ = std::move(e);
  // Stop for good: the framing is lost, nothing after this can be trusted.
  source_done_ = true;
  begin_ = end_;
  return std::nullopt;
}

std::optional<Record> RecordReader::next() {
  if (error_) return std::nullopt;
  if (!fill(kCommonHeaderSize)) {
    if (error_) return std::nullopt;
    const std::size_t left = end_ - begin_;
    if (left == 0) return std::nullopt;  // clean end of input
    return fail(ReadError::Kind::kTruncatedHeader, nullptr,
                fmt::format("truncated MRT common header: {} of {} bytes", left, kCommonHeaderSize));
  }
  Bytes w = window();
  RecordHeader h;
  h.timestamp = load_u32(w, 0);
  h.type = load_u16(w, 4);
  h.subtype = load_u16(w, 6);
  h.length = load_u32(w, 8);

  std::size_t header_size = kCommonHeaderSize;
  if (has_extended_timestamp(h.type)) {
    if (h.length < kMicrosecondFieldSize) {
      return fail(ReadError::Kind::kBadLength, &h,
                  fmt::format("Length {} is shorter than the 4-byte microsecond field (RFC 6396 §3)", h.length));
    }
    header_size += kMicrosecondFieldSize;
  }
  const std::size_t body_size = h.length - (header_size - kCommonHeaderSize);
  const std::size_t total = kCommonHeaderSize + static_cast<std::size_t>(h.length);
  if (!fill(total)) {
    if (error_) return std::nullopt;
    return fail(ReadError::Kind::kTruncatedBody, &h,
                fmt::format("truncated record: Length says {} bytes, only {} remain", h.length,
                            end_ - begin_ - kCommonHeaderSize));
  }
  w = window();
  if (header_size > kCommonHeaderSize) h.microseconds = load_u32(w, kCommonHeaderSize);
  Record r{h, w.subspan(header_size, body_size), consumed_};
  consume(total);
  ++records_;
  return r;
}

}  // namespace bgp::mrt
