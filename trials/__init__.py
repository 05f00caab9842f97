"""Trial records: the recorder (a sink of the engine), the reader, and the format they share."""

from trials.provenance import new_trial_id, software_provenance, utc_iso
from trials.reader import TrialRecord, TrialRecordError
from trials.recorder import TrialRecorder
from trials.schema import EVENT_KINDS, FORMAT_VERSION, FRAME_COLUMNS

__all__ = [
    "EVENT_KINDS", "FORMAT_VERSION", "FRAME_COLUMNS", "TrialRecord", "TrialRecordError",
    "TrialRecorder", "new_trial_id", "software_provenance", "utc_iso",
]
