#include "landeff/remembered_transform.hpp"

#include <cstring>
#include <utility>

namespace landeff {
namespace {

uint64_t bits_of(double v) {
    uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

bool same(double a, double b) { return bits_of(a) == bits_of(b); }  // to the bit (-0 is not 0, a NaN is itself)

}  // namespace

RememberedTransform::RememberedTransform(std::unique_ptr<OGRCoordinateTransformation> inner)
    : m_inner(std::move(inner)), m_slots(kSlots) {}

RememberedTransform::~RememberedTransform() = default;

OGRCoordinateTransformation* RememberedTransform::Clone() const {
    std::unique_ptr<OGRCoordinateTransformation> inner(m_inner->Clone());
    return inner ? new RememberedTransform(std::move(inner)) : nullptr;
}

int RememberedTransform::Transform(int nCount, double* x, double* y, double* z, double* t, int* pabSuccess) {
    // A time coordinate or no height array: passed on as it is.
    if (t || !z || nCount <= 0) return m_inner->Transform(nCount, x, y, z, t, pabSuccess);
    const size_t n = static_cast<size_t>(nCount);
    auto slot_of = [](double px, double py, double pz) {
        uint64_t h = bits_of(px) * 0x9E3779B97F4A7C15ull ^ bits_of(py) * 0xC2B2AE3D27D4EB4Full ^ bits_of(pz) * 0x165667B19E3779F9ull;
        h ^= h >> 29;
        return static_cast<size_t>(h * 0xBF58476D1CE4E5B9ull >> 52);  // 12 bits: kSlots
    };
    static_assert(kSlots == 4096);
    // The input as it came, for a call that has to go through whole (below).
    m_in.assign(x, x + n);
    m_in.insert(m_in.end(), y, y + n);
    m_in.insert(m_in.end(), z, z + n);
    // Points remembered take their result now; the others are passed on in one call, in order, a
    // point met again within the call once (its slot marks it pending meanwhile: `m_follow` holds
    // (point, the call's index of its first meeting)).
    m_x.clear();
    m_y.clear();
    m_z.clear();
    m_at.clear();
    m_follow.clear();
    for (size_t i = 0; i < n; ++i) {
        Slot& s = m_slots[slot_of(x[i], y[i], z[i])];
        const bool key = same(s.x, x[i]) && same(s.y, y[i]) && same(s.z, z[i]);
        if (key && s.pending >= 0) {
            m_follow.emplace_back(static_cast<int>(i), s.pending);
            continue;
        }
        if (key && s.used) {
            x[i] = s.ox, y[i] = s.oy, z[i] = s.oz;
            continue;
        }
        s.x = x[i], s.y = y[i], s.z = z[i];
        s.used = false;
        s.pending = static_cast<int>(m_at.size());
        m_at.push_back(static_cast<int>(i));
        m_x.push_back(x[i]);
        m_y.push_back(y[i]);
        m_z.push_back(z[i]);
    }
    m_misses += m_at.size();
    m_hits += n - m_at.size();
    if (!m_at.empty()) {
        m_ok.assign(m_at.size(), 0);
        // Quiet here: a failing point is reported by the whole call below, once, as GDAL reports it.
        const bool emit = m_inner->GetEmitErrors();
        m_inner->SetEmitErrors(false);
        m_inner->Transform(static_cast<int>(m_at.size()), m_x.data(), m_y.data(), m_z.data(), nullptr, m_ok.data());
        m_inner->SetEmitErrors(emit);
        bool all = true;
        for (int ok : m_ok) all = all && ok;
        for (size_t j = 0; j < m_at.size(); ++j) {
            const auto i = static_cast<size_t>(m_at[j]);
            const double ix = m_in[i], iy = m_in[n + i], iz = m_in[2 * n + i];
            Slot& s = m_slots[slot_of(ix, iy, iz)];
            s.pending = -1;
            s.used = all;  // the point's own slot (a later point of the call may have taken it: then that one's)
            if (all && same(s.x, ix) && same(s.y, iy) && same(s.z, iz)) s.ox = m_x[j], s.oy = m_y[j], s.oz = m_z[j];
            else s.used = false;
            x[i] = m_x[j], y[i] = m_y[j], z[i] = m_z[j];
        }
        if (!all) {
            // A point failed: the whole call goes through the wrapped transformation as it came
            // (its answer, its per-point flags and its errors are then exactly its own).
            std::memcpy(x, m_in.data(), n * sizeof(double));
            std::memcpy(y, m_in.data() + n, n * sizeof(double));
            std::memcpy(z, m_in.data() + 2 * n, n * sizeof(double));
            m_hits -= n - m_at.size();
            m_misses += n - m_at.size();
            return m_inner->Transform(nCount, x, y, z, t, pabSuccess);
        }
        for (const auto& [i, j] : m_follow) {
            const auto k = static_cast<size_t>(j);
            x[i] = m_x[k], y[i] = m_y[k], z[i] = m_z[k];
        }
    }
    if (pabSuccess)
        for (size_t i = 0; i < n; ++i) pabSuccess[i] = TRUE;
    return TRUE;
}

}  // namespace landeff
