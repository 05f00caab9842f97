"""FrameBuffer: ticks staged in the record's column types, flushed as Arrow batches over reused memory."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from tests.trials.helpers import columns
from trials.frame_block import (
    BLOCK_COLUMNS,
    STORE_DTYPE,
    STRING_COLUMNS,
    BlockMaker,
    FrameBlock,
)
from trials.frame_buffer import FrameBuffer
from trials.schema import frame_schema


def _expected(ticks: list[tuple[float, dict[str, np.ndarray]]]) -> dict[str, list]:
    """The rows as the schema stores them (strings as strings)."""
    out = {"t_s": np.concatenate([np.full(len(c["entity_id"]), t) for t, c in ticks]).tolist()}
    for name in BLOCK_COLUMNS:
        values = np.concatenate([c[name] for _, c in ticks])
        out[name] = (values if name in STRING_COLUMNS else values.astype(STORE_DTYPE[name])).tolist()
    return out


def test_batches_hold_exactly_the_ticks_given_through_growth_and_odd_row_counts() -> None:
    buffer = FrameBuffer(capacity=16)  # forces growth; odd counts put booleans across byte edges
    for flush in range(3):
        sizes = ((5, 7, 3, 11), (4, 9, 2, 6), (13, 1, 8, 3))[flush]  # stale bits from the last flush differ
        ticks = [(flush + 0.1 * k, columns(n, 10 * flush + k)) for k, n in enumerate(sizes)]
        for t_s, cols in ticks:
            buffer.add(t_s, cols)
        assert buffer.first_t_s == flush
        batch = buffer.take()
        assert buffer.first_t_s is None and batch.schema.equals(frame_schema())
        got = pa.Table.from_batches([batch]).to_pydict()
        want = _expected(ticks)
        for name in want:
            assert got[name] == want[name], name
        batch.validate(full=True)


def test_a_taken_batch_stays_valid_until_the_next_add_and_later_batches_do_not_see_old_rows() -> None:
    buffer = FrameBuffer(capacity=8)
    buffer.add(0.0, columns(6, 0))
    first = pa.Table.from_batches([buffer.take()])  # copied out of the buffer's memory
    buffer.add(1.0, columns(2, 1))
    second = buffer.take()
    assert first.num_rows == 6 and second.num_rows == 2
    assert second.column("t_s").to_pylist() == [1.0, 1.0]


def test_strings_new_to_the_trial_grow_the_dictionary_and_old_codes_keep_their_meaning() -> None:
    buffer = FrameBuffer()
    early = columns(4, 0)
    early["airframe"] = np.array(["shahed-136"] * 4)
    late = columns(4, 1)
    late["airframe"] = np.array(["interceptor-quad", "shahed-136", "lancet-3", "shahed-136"])
    buffer.add(0.0, early)
    buffer.add(0.1, late)  # same flush: the dictionary grows under rows already staged
    batch = buffer.take()
    assert batch.column("airframe").to_pylist() == ["shahed-136"] * 4 + late["airframe"].tolist()
    assert batch.column("airframe").dictionary.to_pylist()[0] == "shahed-136"  # first given, first coded
    buffer.add(0.2, early)
    assert buffer.take().column("airframe").to_pylist() == ["shahed-136"] * 4


def test_a_frame_block_reads_as_the_columns_it_was_made_from() -> None:
    cols = columns(5, 3)
    block = BlockMaker()(cols)
    assert isinstance(block, FrameBlock) and block.rows == 5 and list(block) == list(BLOCK_COLUMNS)
    for name in BLOCK_COLUMNS:
        assert block[name].tolist() == cols[name].astype(block[name].dtype).tolist(), name
