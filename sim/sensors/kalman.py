"""Numba kernel of the tracker: predict, gate, greedy nearest-neighbour assignment, Kalman update.

State per track: x = [position, velocity] (ENU, m and m/s), covariance P (6x6),
time t of the estimate. Motion model: constant velocity driven by white
acceleration noise of spectral density q (m^2/s^3) per axis.

A batch holds one sensor look, all measurements stamped with one epoch
t_meas. Each track is predicted to t_u = max(t, t_meas); a measurement older
than the track (an acoustic fix arriving with latency after a radar update) is
compared with the track retrodicted to its epoch, h = p + tau v with
tau = t_meas - t_u <= 0, i.e. H = [I, tau I]; the process noise over the
gap is added to the innovation covariance. The update then corrects the
estimate at t_u. For an in-order measurement tau = 0 and this is the
textbook filter.

Gate: Mahalanobis distance d2 = nu' S^-1 nu below `gate2`. A coarse window
along x (tracks sorted by predicted x, binary search) keeps the pair search
near O(K log M). Cost of a pair: d2 + ln det S (the negative log-likelihood up
to a constant), so a sharp track beats a vague one at equal d2; confirmed
tracks go before tentative ones. Pairs are taken greedily by increasing cost,
each track and measurement at most once.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# Added to the cost of tentative tracks: confirmed tracks pick first, so a young
# track with a vague velocity cannot steal an established track's measurement.
TENTATIVE_PENALTY = 1.0e6


@njit(cache=True)
def _inv3(a, out):  # pragma: no cover - numba
    """Inverse of a symmetric positive 3x3 into `out`; returns the determinant."""
    c00 = a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1]
    c01 = a[1, 2] * a[2, 0] - a[1, 0] * a[2, 2]
    c02 = a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0]
    det = a[0, 0] * c00 + a[0, 1] * c01 + a[0, 2] * c02
    inv = 1.0 / det
    out[0, 0], out[1, 0], out[2, 0] = c00 * inv, c01 * inv, c02 * inv
    out[0, 1] = (a[0, 2] * a[2, 1] - a[0, 1] * a[2, 2]) * inv
    out[1, 1] = (a[0, 0] * a[2, 2] - a[0, 2] * a[2, 0]) * inv
    out[2, 1] = (a[0, 1] * a[2, 0] - a[0, 0] * a[2, 1]) * inv
    out[0, 2] = (a[0, 1] * a[1, 2] - a[0, 2] * a[1, 1]) * inv
    out[1, 2] = (a[0, 2] * a[1, 0] - a[0, 0] * a[1, 2]) * inv
    out[2, 2] = (a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]) * inv
    return det


@njit(cache=True)
def _max_eig3(a):  # pragma: no cover - numba
    """Largest eigenvalue of a symmetric 3x3 (closed-form trigonometric solution)."""
    p1 = a[0, 1] ** 2 + a[0, 2] ** 2 + a[1, 2] ** 2
    q = (a[0, 0] + a[1, 1] + a[2, 2]) / 3.0
    p2 = (a[0, 0] - q) ** 2 + (a[1, 1] - q) ** 2 + (a[2, 2] - q) ** 2 + 2.0 * p1
    if p2 <= 1e-300:
        return q
    p = math.sqrt(p2 / 6.0)
    b00, b11, b22 = (a[0, 0] - q) / p, (a[1, 1] - q) / p, (a[2, 2] - q) / p
    b01, b02, b12 = a[0, 1] / p, a[0, 2] / p, a[1, 2] / p
    r = 0.5 * (b00 * (b11 * b22 - b12 * b12) - b01 * (b01 * b22 - b12 * b02) + b02 * (b01 * b12 - b11 * b02))
    r = min(max(r, -1.0), 1.0)
    return q + 2.0 * p * math.cos(math.acos(r) / 3.0)


@njit(cache=True)
def predict(x, P, dt, q, xo, Po):  # pragma: no cover - numba
    """Constant-velocity prediction of one track by dt >= 0 into xo, Po."""
    for a in range(3):
        xo[a] = x[a] + dt * x[a + 3]
        xo[a + 3] = x[a + 3]
    # Po = F P F' with F = [[I, dt I], [0, I]], written out blockwise.
    for r in range(6):
        for c in range(6):
            v = P[r, c]
            if r < 3:
                v += dt * P[r + 3, c]
            Po[r, c] = v
    for r in range(6):
        for c in range(3):
            Po[r, c] += dt * Po[r, c + 3]
    q3, q2, q1 = q * dt**3 / 3.0, q * dt**2 / 2.0, q * dt
    for a in range(3):
        Po[a, a] += q3
        Po[a, a + 3] += q2
        Po[a + 3, a] += q2
        Po[a + 3, a + 3] += q1


@njit(cache=True)
def associate_update(x, P, t, confirmed, z, R, t_meas, q, gate2):  # pragma: no cover - numba
    """Associate one look's measurements to tracks and update the winners in place.

    Returns, per measurement, the index of the track it updated or -1.
    """
    m, k = x.shape[0], z.shape[0]
    assign = np.full(k, -1, dtype=np.int64)
    if k == 0:
        return assign
    h, hph, reach = np.empty((m, 3)), np.empty((m, 3, 3)), np.empty(m)
    max_tr = 0.0  # largest squared track reach
    for i in range(m):
        # H P H' of the track predicted (s > 0) or retrodicted (s < 0) to the epoch,
        # from the 3x3 blocks only: the full 6x6 prediction is done for winners alone.
        s = t_meas - t[i]
        noise = q * abs(s) ** 3 / 3.0
        for r in range(3):
            h[i, r] = x[i, r] + s * x[i, r + 3]
            for c in range(3):
                hph[i, r, c] = P[i, r, c] + s * (P[i, r + 3, c] + P[i, r, c + 3]) + s * s * P[i, r + 3, c + 3]
            hph[i, r, r] += noise
        reach[i] = gate2 * _max_eig3(hph[i])  # squared: |nu|^2 <= gate2 * lambda_max(S)
        max_tr = max(max_tr, reach[i])
    order = np.argsort(h[:, 0])
    sorted_x = h[order, 0]
    # Candidate pairs, grown by doubling.
    cap = 4 * k + 16
    pt, pm, pc = np.empty(cap, dtype=np.int64), np.empty(cap, dtype=np.int64), np.empty(cap)
    n_pairs = 0
    S, Si = np.empty((3, 3)), np.empty((3, 3))
    for j in range(k):
        # d2 < gate2 needs |nu|^2 < gate2 * lambda_max(S) <= gate2 * (lambda_max(HPH') + lambda_max(R)).
        wj = gate2 * _max_eig3(R[j])
        w = math.sqrt(max_tr + wj)
        lo = np.searchsorted(sorted_x, z[j, 0] - w)
        hi = np.searchsorted(sorted_x, z[j, 0] + w, side="right")
        for s in range(lo, hi):
            i = order[s]
            dx, dy, dz = z[j, 0] - h[i, 0], z[j, 1] - h[i, 1], z[j, 2] - h[i, 2]
            if dx * dx + dy * dy + dz * dz > reach[i] + wj:  # this pair's own bound, tighter than the window's
                continue
            for r in range(3):
                for c in range(3):
                    S[r, c] = hph[i, r, c] + R[j, r, c]
            det = _inv3(S, Si)
            if not det > 0.0:
                continue
            d2 = 0.0
            for r in range(3):
                for c in range(3):
                    d2 += (z[j, r] - h[i, r]) * Si[r, c] * (z[j, c] - h[i, c])
            if d2 >= gate2:
                continue
            if n_pairs == cap:
                cap *= 2
                pt2, pm2, pc2 = np.empty(cap, dtype=np.int64), np.empty(cap, dtype=np.int64), np.empty(cap)
                pt2[:n_pairs], pm2[:n_pairs], pc2[:n_pairs] = pt[:n_pairs], pm[:n_pairs], pc[:n_pairs]
                pt, pm, pc = pt2, pm2, pc2
            pt[n_pairs], pm[n_pairs], pc[n_pairs] = i, j, d2 + math.log(det) + (0.0 if confirmed[i] else TENTATIVE_PENALTY)
            n_pairs += 1
    used = np.zeros(m, dtype=np.bool_)
    xp, Pp = np.empty(6), np.empty((6, 6))
    pht, gain = np.empty((6, 3)), np.empty((6, 3))
    for p in np.argsort(pc[:n_pairs]):
        i, j = pt[p], pm[p]
        if used[i] or assign[j] >= 0:
            continue
        used[i] = True
        assign[j] = i
        tu = max(t[i], t_meas)
        predict(x[i], P[i], tu - t[i], q, xp, Pp)
        _update(xp, Pp, hph[i], h[i], t_meas - tu, z[j], R[j], S, Si, pht, gain)
        x[i, :] = xp
        P[i, :, :] = Pp
        t[i] = tu
    return assign


@njit(cache=True)
def _update(x, P, hph, h, ta, z, R, S, Si, pht, gain):  # pragma: no cover - numba
    """Kalman update of x, P in place with H = [I, ta I]; S, Si, pht, gain are scratch."""
    for r in range(3):
        for c in range(3):
            S[r, c] = hph[r, c] + R[r, c]
    _inv3(S, Si)
    # pht = P H'
    for r in range(6):
        for c in range(3):
            pht[r, c] = P[r, c] + ta * P[r, c + 3]
    gain[:, :] = 0.0
    for r in range(6):
        for c in range(3):
            for a in range(3):
                gain[r, c] += pht[r, a] * Si[a, c]
    for r in range(6):
        for c in range(3):
            x[r] += gain[r, c] * (z[c] - h[c])
        for c in range(6):  # P -= K (P H')'
            for a in range(3):
                P[r, c] -= gain[r, a] * pht[c, a]
    for r in range(6):  # keep it symmetric against round-off
        for c in range(r + 1, 6):
            v = 0.5 * (P[r, c] + P[c, r])
            P[r, c], P[c, r] = v, v


@njit(cache=True)
def process_look(x, P, t, ids, truth, confirmed, last_seen, last_sensor, contrib, hist, count, next_id,
                 z, R, det_truth, t_meas, t_now, s, ptr, n_s, m_s, q, gate2, v0):  # pragma: no cover - numba
    """One look of sensor s: associate and update, start tracks, keep the m-of-n books.

    Track arrays must have room for `count + len(z)` rows. Returns the new
    count, the next free track id and the rows confirmed by this look.
    """
    assign = associate_update(x[:count], P[:count], t[:count], confirmed[:count], z, R, t_meas, q, gate2)
    for i in range(count):
        hist[i, s, ptr] = False  # a miss for every track this look does not update
    k = z.shape[0]
    touched = np.empty(k, dtype=np.int64)
    for j in range(k):
        i = assign[j]
        if i < 0:  # nobody claimed it: a new tentative track at the fix, velocity unknown
            i = count
            count += 1
            x[i, :] = 0.0
            P[i, :, :] = 0.0
            for a in range(3):
                x[i, a] = z[j, a]
                P[i, a + 3, a + 3] = v0 * v0
                for b in range(3):
                    P[i, a, b] = R[j, a, b]
            t[i] = t_meas
            ids[i] = next_id
            next_id += 1
            confirmed[i] = False
            contrib[i, :] = False
            hist[i, :, :] = False
        hist[i, s, ptr] = True
        truth[i] = det_truth[j]
        last_seen[i] = t_now
        last_sensor[i] = s
        contrib[i, s] = True
        touched[j] = i
    newly = np.empty(k, dtype=np.int64)
    n_new = 0
    for j in range(k):
        i = touched[j]
        if confirmed[i]:
            continue
        hits = 0
        for a in range(n_s):
            hits += hist[i, s, a]
        if hits >= m_s:
            confirmed[i] = True
            newly[n_new] = i
            n_new += 1
    return count, next_id, newly[:n_new]


@njit(cache=True)
def predict_positions(x, P, t, t_s, q):  # pragma: no cover - numba
    """Positions at t_s (constant velocity) and the RMS 3-D error, sqrt(trace of the position covariance)."""
    m = x.shape[0]
    pos, sigma = np.empty((m, 3)), np.empty(m)
    for i in range(m):
        dt = max(t_s - t[i], 0.0)
        tr = q * dt**3  # three axes of q dt^3 / 3
        for a in range(3):
            pos[i, a] = x[i, a] + dt * x[i, a + 3]
            tr += P[i, a, a] + 2.0 * dt * P[i, a, a + 3] + dt * dt * P[i, a + 3, a + 3]
        sigma[i] = math.sqrt(tr)
    return pos, sigma
