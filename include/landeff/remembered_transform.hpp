#pragma once
// A coordinate transformation that remembers the points it has transformed (issue 20). Writing the
// GeoJSON files and report.html's map, PROJ's inverse projection of every vertex was about 7 % of
// an all-formats run: each ring's closing point is its first again, and in a cadastre a vertex is
// shared by the three or four parcels that meet there, which lie near each other in the file. The
// same input gives the same output (PROJ transforms each point on its own, the operation chosen
// from the point alone), so a point met again takes the result kept for it: the result is what
// the wrapped transformation gives, to the bit. The memory is a small table per object (one
// object per thread), each slot holding the last point that hashed there; points with a time
// coordinate, and points that failed, are always passed on.
#include <ogr_spatialref.h>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace landeff {

class RememberedTransform final : public OGRCoordinateTransformation {
public:
    // Takes `inner`, which must not be null.
    explicit RememberedTransform(std::unique_ptr<OGRCoordinateTransformation> inner);
    ~RememberedTransform() override;

    OGRSpatialReference* GetSourceCS() override { return m_inner->GetSourceCS(); }
    OGRSpatialReference* GetTargetCS() override { return m_inner->GetTargetCS(); }
    bool GetEmitErrors() const override { return m_inner->GetEmitErrors(); }
    void SetEmitErrors(bool emit) override { m_inner->SetEmitErrors(emit); }
    int Transform(int nCount, double* x, double* y, double* z, double* t, int* pabSuccess) override;
    OGRCoordinateTransformation* Clone() const override;
    OGRCoordinateTransformation* GetInverse() const override { return m_inner->GetInverse(); }

    // Points answered from memory and points passed on, since construction (for tests).
    uint64_t remembered() const { return m_hits; }
    uint64_t passed_on() const { return m_misses; }

private:
    struct Slot {
        double x, y, z;        // the input
        double ox, oy, oz;     // what the wrapped transformation gave for it
        bool used = false;     // ox, oy, oz hold the result
        int pending = -1;      // met in the current call, not yet transformed: its index among the passed-on points
    };
    static constexpr size_t kSlots = 4096;
    std::unique_ptr<OGRCoordinateTransformation> m_inner;
    std::vector<Slot> m_slots;
    std::vector<double> m_in, m_x, m_y, m_z;
    std::vector<int> m_ok, m_at;
    std::vector<std::pair<int, int>> m_follow;
    uint64_t m_hits = 0, m_misses = 0;
};

}  // namespace landeff
