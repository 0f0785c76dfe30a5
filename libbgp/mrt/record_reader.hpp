#pragma once
// Streaming MRT record reader (RFC 6396 §2 common header, §3 extended
// timestamp). Records are yielded as views: over the caller's memory when
// reading from a span (zero copy), or over one growing buffer when reading a
// file, so a record may cross any read boundary and be as large as the file.
// A view stays valid until the next call to next().
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "libbgp/wire/byte_reader.hpp"

namespace bgp::mrt {

// RFC 6396 §2: Timestamp(4) Type(2) Subtype(2) Length(4).
inline constexpr std::size_t kCommonHeaderSize = 12;
// §3: the _ET types add Microsecond Timestamp(4), counted in Length.
inline constexpr std::size_t kMicrosecondFieldSize = 4;

struct RecordHeader {
  std::uint32_t timestamp = 0;
  std::uint16_t type = 0;
  std::uint16_t subtype = 0;
  std::uint32_t length = 0;  // as on the wire (includes the microsecond field)
  std::optional<std::uint32_t> microseconds;  // set for the _ET types
};

struct Record {
  RecordHeader header;
  Bytes body;                // the message, after the microsecond field if any
  std::uint64_t offset = 0;  // of the common header in the (decompressed) input
};

// Why the input stopped before its end. offset is where the bad record starts.
struct ReadError {
  enum class Kind {
    kIo,               // open/read/decompress failure
    kTruncatedHeader,  // fewer than 12 (or 16) bytes left for a header
    kTruncatedBody,    // Length runs past the end of the input
    kBadLength,        // an _ET record shorter than its microsecond field
  };
  Kind kind = Kind::kIo;
  std::uint64_t offset = 0;
  std::uint16_t type = 0;
  std::uint16_t subtype = 0;
  std::string message;  // complete sentence for humans, includes offset and type
};

// Where bytes come from. read() fills up to out.size() bytes and returns the
// count, 0 at end of input, or nullopt on error (then error() says why).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::optional<std::size_t> read(std::span<std::byte> out) = 0;
  virtual std::string error() const = 0;
};

// A file read through zlib: gzip members are inflated, anything else is read
// as is (zlib's transparent mode), so the caller need not know which it is.
// Returns nullptr and sets `why` if the file cannot be opened.
std::unique_ptr<ByteSource> open_file_source(const std::string& path, std::string& why);

class RecordReader {
 public:
  explicit RecordReader(Bytes memory);                    // zero copy
  explicit RecordReader(std::unique_ptr<ByteSource> source);  // buffered

  // The next record, or nullopt at the end of input or on error; after
  // nullopt, error() tells which. Invalidates the previously returned view.
  std::optional<Record> next();
  const std::optional<ReadError>& error() const { return error_; }
  std::uint64_t records_read() const { return records_; }

 private:
  // Makes at least n bytes available at window_; false at end/error.
  bool fill(std::size_t n);
  Bytes window() const;
  void consume(std::size_t n);
  std::optional<Record> fail(ReadError::Kind kind, const RecordHeader* header, std::string what);

  std::unique_ptr<ByteSource> source_;
  Bytes memory_{};                  // memory mode
  std::vector<std::byte> buffer_;   // stream mode
  std::size_t begin_ = 0;           // first unconsumed byte (either mode)
  std::size_t end_ = 0;             // one past the last valid byte
  std::uint64_t consumed_ = 0;      // input offset of begin_
  std::uint64_t records_ = 0;
  bool source_done_ = false;
  std::optional<ReadError> error_;
};

}  // namespace bgp::mrt
