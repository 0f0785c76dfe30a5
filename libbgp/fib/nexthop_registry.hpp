#pragma once
// Kernel nexthop objects and groups (RTM_NEWNEXTHOP, Linux >= 5.3) as bgpd
// shares them: one object per (gateway, ifindex), one group per distinct
// next-hop set, each reference counted by the routes that use it. Pure
// bookkeeping: it decides which kernel operations are needed and returns them
// as values; NetlinkFib encodes and sends them. This is what makes churn cost
// proportional to distinct next-hop sets rather than prefixes: 10 000 prefixes
// whose set changes together are one group replace (see `rekey_group`).
#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "libbgp/fib/fib_sink.hpp"

namespace bgp::fib {

struct GroupMember {
  std::uint32_t id = 0;
  std::uint8_t weight = 1;
  friend bool operator==(const GroupMember&, const GroupMember&) = default;
};

struct NexthopOp {
  enum class Kind : std::uint8_t {
    kAddNexthop,    // create object `id` via gateway/ifindex
    kSetGroup,      // create or replace group `id` with `members`
    kDelete,        // delete object or group `id`
  };
  Kind kind = Kind::kAddNexthop;
  std::uint32_t id = 0;
  IpAddress gateway;
  std::uint32_t ifindex = 0;
  std::vector<GroupMember> members;
};

// A nexthop object or group found in the kernel at start-up (from a previous run).
struct KernelNexthop {
  std::uint32_t id = 0;
  IpAddress gateway;
  std::uint32_t ifindex = 0;
  std::vector<GroupMember> members;  // non-empty for a group
};

class NexthopRegistry {
 public:
  // Ids are allocated in [first_id, first_id + count); ids in that range are ours.
  NexthopRegistry(std::uint32_t first_id, std::uint32_t count) : first_id_(first_id), count_(count) {}

  bool owns(std::uint32_t id) const { return id >= first_id_ && id - first_id_ < count_; }

  // Takes a reference on the object (one next hop) or group (several) for a
  // normalized, resolved (ifindex != 0) set; appends creations to `ops`.
  // Returns nullopt when the id range is exhausted.
  std::optional<std::uint32_t> acquire(const std::vector<NextHop>& set, std::vector<NexthopOp>& ops);
  // Drops a reference; appends deletions (to be sent after the route ops that
  // stopped using them) to `deletes`.
  void release(std::uint32_t id, std::vector<NexthopOp>& deletes);

  // The group `id` is used only by routes that all move to `new_set` (size >= 2)
  // and no group for `new_set` exists: rewrite its members in place. Appends
  // member creations and the group replace to `ops`, member deletions to
  // `deletes`. Returns false (nothing done) when the preconditions do not hold.
  bool rekey_group(std::uint32_t id, const std::vector<NextHop>& new_set, std::vector<NexthopOp>& ops,
                   std::vector<NexthopOp>& deletes);

  std::uint32_t refs(std::uint32_t id) const;
  bool is_group(std::uint32_t id) const { return groups_by_id_.contains(id); }
  // Usable in the kernel: an object whose device is up, or a group with at least one usable member.
  bool live(std::uint32_t id) const;
  const std::vector<NextHop>* set_of(std::uint32_t id) const;  // the next-hop set `id` stands for
  std::optional<std::uint32_t> find(const std::vector<NextHop>& set) const;

  // Start-up adoption of what a previous run left: entries become reusable
  // with zero references; `sweep_unused` deletes those still unused.
  void adopt(const std::vector<KernelNexthop>& found);
  void sweep_unused(std::vector<NexthopOp>& deletes);

  // The kernel flushes nexthop objects of a device that goes down (and drops
  // them from groups; a group left empty is deleted with its routes). Mirror
  // it; returns the ids (objects and groups) that are no longer usable.
  // With `subnet`, only the objects whose gateway is in it (an address removed).
  std::vector<std::uint32_t> link_down(std::uint32_t ifindex, const std::optional<Prefix>& subnet = {});
  // Recreates the objects on `ifindex` and rewrites the groups that contain
  // them; returns ids that became usable again (whose routes must be re-added).
  std::vector<std::uint32_t> link_up(std::uint32_t ifindex, std::vector<NexthopOp>& ops,
                                     const std::optional<Prefix>& subnet = {});
  // A kernel error on creating object or group `id`: it is not in the kernel.
  void mark_missing(std::uint32_t id);
  // Before retrying a route that uses `id`: re-create whatever of it is
  // missing from the kernel (objects, then the group). Appends to `ops`.
  void repair(std::uint32_t id, std::vector<NexthopOp>& ops);

  std::size_t object_count() const { return objects_by_id_.size(); }
  std::size_t group_count() const { return groups_by_id_.size(); }

 private:
  struct ObjectKey {
    IpAddress gateway;
    std::uint32_t ifindex = 0;
    friend auto operator<=>(const ObjectKey&, const ObjectKey&) = default;
  };
  struct Object {
    ObjectKey key;
    std::uint32_t refs = 0;  // routes + groups referencing it
    bool up = true;
  };
  struct Group {
    std::vector<NextHop> set;
    std::vector<std::uint32_t> member_ids;
    std::uint32_t refs = 0;
    bool present = true;  // false after the kernel refused to create it
  };

  std::optional<std::uint32_t> allocate_id();
  std::optional<std::uint32_t> acquire_object(const NextHop& nh, std::vector<NexthopOp>& ops);
  std::vector<GroupMember> live_members(const Group& g) const;

  std::uint32_t first_id_;
  std::uint32_t count_;
  std::uint32_t next_ = 0;
  std::map<ObjectKey, std::uint32_t> objects_;
  std::unordered_map<std::uint32_t, Object> objects_by_id_;
  std::map<std::vector<NextHop>, std::uint32_t> groups_;
  std::unordered_map<std::uint32_t, Group> groups_by_id_;
};

}  // namespace bgp::fib
