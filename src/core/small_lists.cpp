// ParkShares and SmallIds (model.hpp): the short lists every parcel and enterprise holds (issue 20).
#include <algorithm>
#include <stdexcept>

#include "landeff/model.hpp"

namespace landeff {

void ParkShares::push_back(ParkShare s) {
    if (m_n == UINT32_MAX) throw std::length_error("ParkShares: too many parks");
    if (m_n == 0) {
        m_park = s.park;
        m_area = s.area_m2;
    } else if (m_n == 1) {
        auto* many = new ParkShare[2]{{m_park, m_area}, s};
        m_many = many;
    } else {
        // m_n elements in a block of exactly m_n: parcels in three or more parks are rare.
        auto* many = new ParkShare[m_n + 1];
        std::copy(m_many, m_many + m_n, many);
        many[m_n] = s;
        delete[] m_many;
        m_many = many;
    }
    ++m_n;
}

// Into an empty list (m_n == 0): the block is made before m_n says there is one, so a failed
// allocation leaves this list empty, never pointing at a block it does not own.
void ParkShares::copy_from(const ParkShares& o) {
    if (o.m_n > 1) {
        auto* many = new ParkShare[o.m_n];
        std::copy(o.m_many, o.m_many + o.m_n, many);
        m_many = many;
    } else {
        m_area = o.m_area;
    }
    m_park = o.m_park;
    m_n = o.m_n;
}

void SmallIds::push_back(uint32_t v) {
    if (m_n < kInline) {
        m_in[m_n++] = v;
        return;
    }
    if (m_n == UINT32_MAX) throw std::length_error("SmallIds: too many items");
    if (m_n == kInline) {
        auto* many = new uint32_t[8];
        std::copy(m_in, m_in + kInline, many);
        m_heap.capacity = 8;
        m_heap.many = many;
    } else if (m_n == m_heap.capacity) {
        const uint32_t cap = m_heap.capacity <= UINT32_MAX / 2 ? m_heap.capacity * 2 : UINT32_MAX;
        auto* many = new uint32_t[cap];
        std::copy(m_heap.many, m_heap.many + m_n, many);
        delete[] m_heap.many;
        m_heap.many = many;
        m_heap.capacity = cap;
    }
    m_heap.many[m_n++] = v;
}

// Into an empty list (m_n == 0), as ParkShares::copy_from: allocate first, then say so.
void SmallIds::copy_from(const SmallIds& o) {
    if (o.m_n > kInline) {
        auto* many = new uint32_t[o.m_n];
        std::copy(o.m_heap.many, o.m_heap.many + o.m_n, many);
        m_heap.capacity = o.m_n;
        m_heap.many = many;
    } else {
        std::copy(o.m_in, o.m_in + o.m_n, m_in);
    }
    m_n = o.m_n;
}

}  // namespace landeff
