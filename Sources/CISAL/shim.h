#include <isa-l/igzip_lib.h>

// Swift does not import C arrays this large as tuples; expose the decoded-bytes staging buffer so the
// reader can hand out what was decoded before the data turned out to be damaged.
static inline const unsigned char *segment_metronome_isal_tmp_out(const struct inflate_state *state) {
    return state->tmp_out_buffer;
}
