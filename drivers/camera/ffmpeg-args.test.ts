/** The ffmpeg command line for each kind of source, and the camera schema that feeds it. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ffmpegArgs, inputArgs, videoFilter } from './ffmpeg-args.ts';
import { cameraSchema } from './schema.ts';
import { describeSource, withoutCredentials } from './source.ts';

const camera = (c: Record<string, unknown>) => cameraSchema.parse({ id: 'cam', ...c });
const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('ffmpeg arguments', () => {
  it('V4L2: format, size and rate asked of the device itself', () => {
    const args = inputArgs(
      camera({
        source: { device: '/dev/v4l/by-id/usb-Logi_C920-video-index0' },
        width: 1280,
        height: 720,
        fps: 30,
        inputFormat: 'mjpeg',
      }),
    );
    expect(args).toEqual([
      '-f',
      'v4l2',
      '-input_format',
      'mjpeg',
      '-video_size',
      '1280x720',
      '-framerate',
      '30',
      '-i',
      '/dev/v4l/by-id/usb-Logi_C920-video-index0',
    ]);
    expect(inputArgs(camera({ source: { device: '/dev/video0' } }))).not.toContain('-input_format');
  });

  it('RTSP: transport and a socket timeout so a dead camera ends ffmpeg', () => {
    const args = inputArgs(camera({ source: { url: 'rtsp://admin:secret@10.0.0.7:554/stream1' }, timeoutSeconds: 3 }));
    expect(after(args, '-rtsp_transport')).toBe('tcp');
    expect(after(args, '-timeout')).toBe('3000000');
    expect(args.slice(-2)).toEqual(['-i', 'rtsp://admin:secret@10.0.0.7:554/stream1']);
    expect(
      after(inputArgs(camera({ source: { url: 'rtsps://cam/x' }, rtspTransport: 'udp' })), '-rtsp_transport'),
    ).toBe('udp');
  });

  it("HTTP: an I/O timeout, arrival-time timestamps, no reconnecting behind the supervisor's back", () => {
    const args = inputArgs(camera({ source: { url: 'http://10.0.0.8/video.mjpg' } }));
    expect(args).toEqual([
      '-rw_timeout',
      '5000000',
      '-use_wallclock_as_timestamps',
      '1',
      '-fflags',
      'nobuffer',
      '-i',
      'http://10.0.0.8/video.mjpg',
    ]);
  });

  it('video file: paced as if live, looped', () => {
    expect(inputArgs(camera({ source: { file: 'a.mp4' } }))).toEqual(['-re', '-stream_loop', '-1', '-i', 'a.mp4']);
    expect(inputArgs(camera({ source: { file: 'a.mp4', loop: false, realtime: false } }))).toEqual(['-i', 'a.mp4']);
  });

  it('still image: one frame repeated at the configured rate', () => {
    expect(inputArgs(camera({ source: { file: 'door.JPG' }, fps: 12.5 }))).toEqual([
      '-re',
      '-f',
      'image2',
      '-loop',
      '1',
      '-framerate',
      '12.5',
      '-i',
      'door.JPG',
    ]);
    expect(inputArgs(camera({ source: { file: 'anim.gif' } }))).toContain('-stream_loop');
  });

  it('output: exactly width x height rgb24 at the rate, on stdout, errors only, no stdin', () => {
    const args = ffmpegArgs(camera({ source: { file: 'a.mp4' }, width: 320, height: 240, fps: 15 }));
    expect(args.slice(0, 5)).toEqual(['-hide_banner', '-loglevel', 'error', '-nostdin', '-nostats']);
    expect(args.slice(-5)).toEqual(['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
    expect(after(args, '-map')).toBe('0:v:0');
    expect(after(args, '-fps_mode')).toBe('passthrough');
    expect(after(args, '-vf')).toBe(videoFilter(320, 240, 15, 'pad'));
    expect(args.indexOf('-i')).toBeLessThan(args.indexOf('-vf'));
  });

  it('fit: pad keeps everything with bars, crop fills and cuts, stretch distorts', () => {
    expect(videoFilter(320, 240, 15, 'pad')).toBe(
      'fps=15,scale=320:240:force_original_aspect_ratio=decrease:flags=bilinear,format=rgb24,pad=320:240:(ow-iw)/2:(oh-ih)/2:black',
    );
    expect(videoFilter(320, 240, 15, 'crop')).toBe(
      'fps=15,scale=320:240:force_original_aspect_ratio=increase:flags=bilinear,format=rgb24,crop=320:240',
    );
    expect(videoFilter(320, 240, 7.5, 'stretch')).toBe('fps=7.5,scale=320:240:flags=bilinear,format=rgb24');
  });
});

describe('camera schema', () => {
  it('fills in the defaults', () => {
    expect(camera({ source: { file: 'a.mp4' } })).toEqual({
      id: 'cam',
      source: { file: 'a.mp4', loop: true, realtime: true },
      width: 640,
      height: 480,
      fps: 15,
      fit: 'pad',
      rtspTransport: 'tcp',
      stallSeconds: 10,
      timeoutSeconds: 5,
    });
  });

  it('rejects unknown keys and bad sources with messages that say what to write', () => {
    const problems = (c: Record<string, unknown>) =>
      cameraSchema.safeParse({ id: 'cam', ...c }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems({ source: { file: 'a.mp4' }, widht: 320 })).toEqual([
      ': unknown camera setting "widht": remove it or check its spelling',
    ]);
    expect(problems({ source: { device: 'video0' } })?.[0]).toMatch(/^source.device: .*\/dev\/v4l\/by-id/);
    expect(problems({ source: { url: 'ftp://cam/x' } })?.[0]).toMatch(/^source.url: .*rtsp:\/\/host/);
    expect(problems({ source: { file: 'a.mp4', loops: true } })?.[0]).toMatch(/unknown camera setting "loops"/);
    expect(problems({ source: { path: '/dev/video0' } })?.[0]).toMatch(
      /^source: write the camera source as one of: \{ device/,
    );
    expect(problems({ source: { file: 'a.mp4' }, fit: 'zoom' })?.[0]).toMatch(/^fit: /);
  });

  it('can be extended by a perception stage', () => {
    const extended = cameraSchema.extend({ detect: z.strictObject({ model: z.string() }).optional() });
    expect(extended.parse({ id: 'cam', source: { url: 'http://cam/x' }, detect: { model: 'person' } }).detect).toEqual({
      model: 'person',
    });
    expect(extended.safeParse({ id: 'cam', source: { url: 'http://cam/x' }, nope: 1 }).success).toBe(false);
  });

  it('keeps credentials out of what it prints', () => {
    expect(withoutCredentials('rtsp://admin:secret@10.0.0.7:554/s')).toBe('rtsp://10.0.0.7:554/s');
    expect(withoutCredentials('[tcp] rtsp://u:p@h/x: Connection refused')).toBe('[tcp] rtsp://h/x: Connection refused');
    expect(describeSource({ url: 'http://u@cam/v.mjpg' })).toBe('http://cam/v.mjpg');
  });
});
