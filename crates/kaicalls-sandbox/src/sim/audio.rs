//! The short recording every simulated call links to, generated once per request
//! (a few tones, 8 kHz mono WAV) so a player works with no network.

use std::io::Cursor;

/// A WAV file of about `seconds` long whose tones vary with `seed`.
pub fn recording(seed: u64, seconds: u32) -> Result<Vec<u8>, hound::Error> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 8_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = Cursor::new(Vec::new());
    {
        let mut writer = hound::WavWriter::new(&mut out, spec)?;
        let tones = [440.0, 523.25, 587.33, 659.25, 783.99];
        let total = spec.sample_rate * seconds;
        for i in 0..total {
            // A new tone every half second, with a short silence between words.
            let slot = (i / 4_000) as u64;
            let tone = tones[((seed.wrapping_add(slot * 7)) % tones.len() as u64) as usize];
            let in_slot = i % 4_000;
            let amp = if in_slot < 3_200 { 0.25 } else { 0.0 };
            let t = i as f64 / f64::from(spec.sample_rate);
            let sample = (t * tone * std::f64::consts::TAU).sin() * amp * f64::from(i16::MAX);
            writer.write_sample(sample as i16)?;
        }
        writer.finalize()?;
    }
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_a_wav_file() {
        let bytes = super::recording(3, 2).unwrap();
        assert_eq!(&bytes[..4], b"RIFF");
        assert_eq!(&bytes[8..12], b"WAVE");
        assert_eq!(bytes.len(), 44 + 2 * 8_000 * 2);
    }
}
