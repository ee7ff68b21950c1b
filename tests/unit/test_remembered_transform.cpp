// RememberedTransform (issue 20): the GeoJSON files and report.html's map project every vertex to
// WGS 84 through a transformation that remembers the points it has met. Its results are the wrapped
// transformation's to the bit, point by point and call by call, with points met again (closing
// points, vertices shared by neighbours, points that collide in its table) and with points that fail.
#include <gtest/gtest.h>

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "landeff/remembered_transform.hpp"

using namespace landeff;

namespace {

std::unique_ptr<OGRCoordinateTransformation> make(const char* from, const char* to) {
    OGRSpatialReference a, b;
    a.SetFromUserInput(from);
    b.SetFromUserInput(to);
    a.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    b.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return std::unique_ptr<OGRCoordinateTransformation>(OGRCreateCoordinateTransformation(&a, &b));
}

bool bits_equal(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST(RememberedTransform, SameBitsAsTheTransformationItWrapsCallByCall) {
    // CGCS2000 / 3-degree Gauss-Kruger CM 120E (Wenzhou's zone) to WGS 84, as the GeoJSON files project.
    auto plain = make("EPSG:4549", "EPSG:4326");
    ASSERT_TRUE(plain);
    RememberedTransform memo(make("EPSG:4549", "EPSG:4326"));
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> ux(450000, 550000), uy(3000000, 3100000);
    std::vector<double> pool;  // points to meet again
    for (int k = 0; k < 3000; ++k) pool.push_back(ux(rng)), pool.push_back(uy(rng));
    std::uniform_int_distribution<size_t> pick(0, pool.size() / 2 - 1);
    size_t points = 0;
    for (int call = 0; call < 4000; ++call) {
        const int n = 1 + static_cast<int>(rng() % 12);
        std::vector<double> x(n), y(n), z(n, 0.0);
        for (int i = 0; i < n; ++i) {
            const size_t p = pick(rng);
            const bool fresh = rng() % 3 == 0;
            x[i] = fresh ? ux(rng) : pool[2 * p];
            y[i] = fresh ? uy(rng) : pool[2 * p + 1];
        }
        if (n > 2) x[n - 1] = x[0], y[n - 1] = y[0];  // a ring's closing point
        std::vector<double> x2 = x, y2 = y, z2 = z;
        std::vector<int> ok1(n, -1), ok2(n, -1);
        const int r1 = plain->Transform(n, x.data(), y.data(), z.data(), nullptr, ok1.data());
        const int r2 = memo.Transform(n, x2.data(), y2.data(), z2.data(), nullptr, ok2.data());
        ASSERT_EQ(r1, r2);
        for (int i = 0; i < n; ++i) {
            ASSERT_EQ(ok1[i], ok2[i]) << call << " " << i;
            ASSERT_TRUE(bits_equal(x[i], x2[i]) && bits_equal(y[i], y2[i]) && bits_equal(z[i], z2[i])) << call << " " << i;
        }
        points += static_cast<size_t>(n);
    }
    EXPECT_EQ(memo.remembered() + memo.passed_on(), points);
    EXPECT_GT(memo.remembered(), points / 4);  // met again: answered from memory, so the comparison covers that path
    EXPECT_GT(memo.passed_on(), points / 4);
}

TEST(RememberedTransform, ACallWithAFailingPointIsTheWrappedTransformationsOwn) {
    // Geographic CGCS2000 to the Gauss-Kruger zone: a latitude beyond 90 degrees fails.
    auto plain = make("EPSG:4490", "EPSG:4549");
    RememberedTransform memo(make("EPSG:4490", "EPSG:4549"));
    ASSERT_TRUE(plain);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    for (int round = 0; round < 2; ++round) {  // the second time the good points are remembered
        double x[] = {120.1, 120.2, 120.3, 120.1}, y[] = {28.0, 95.0, 28.2, 28.0}, z[] = {0, 0, 0, 0};
        double x2[4], y2[4], z2[4];
        std::memcpy(x2, x, sizeof x), std::memcpy(y2, y, sizeof y), std::memcpy(z2, z, sizeof z);
        int ok1[4], ok2[4];
        const int r1 = plain->Transform(4, x, y, z, nullptr, ok1);
        const int r2 = memo.Transform(4, x2, y2, z2, nullptr, ok2);
        EXPECT_EQ(r1, r2);
        for (int i = 0; i < 4; ++i) {
            EXPECT_EQ(ok1[i], ok2[i]) << i;
            if (ok1[i]) {
                EXPECT_TRUE(bits_equal(x[i], x2[i]) && bits_equal(y[i], y2[i])) << i;
            }
        }
        EXPECT_FALSE(ok2[1]);
    }
    CPLPopErrorHandler();
    EXPECT_EQ(memo.remembered(), 0u);  // a call with a failing point keeps nothing
    // A polygon through both: OGR's transform of a ring fails the same way.
    OGRPolygon good, bad;
    OGRLinearRing ring;
    ring.addPoint(120.1, 28.0), ring.addPoint(120.2, 28.0), ring.addPoint(120.2, 28.1), ring.addPoint(120.1, 28.0);
    good.addRing(&ring);
    OGRPolygon good2(good);
    EXPECT_EQ(good.transform(plain.get()), good2.transform(&memo));
    EXPECT_TRUE(good.Equals(&good2));
    EXPECT_EQ(good.getExteriorRing()->getNumPoints(), good2.getExteriorRing()->getNumPoints());
    for (int i = 0; i < good.getExteriorRing()->getNumPoints(); ++i) {
        EXPECT_TRUE(bits_equal(good.getExteriorRing()->getX(i), good2.getExteriorRing()->getX(i)));
        EXPECT_TRUE(bits_equal(good.getExteriorRing()->getY(i), good2.getExteriorRing()->getY(i)));
    }
    EXPECT_EQ(memo.remembered(), 1u);  // the ring's closing point
}
