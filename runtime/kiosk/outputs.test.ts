import { describe, expect, it } from 'vitest';
import { parseXrandr, x11Outputs } from './outputs.ts';

describe('xrandr outputs', () => {
  it('reads connected outputs with their place, and monitors by name', () => {
    const query = [
      'Screen 0: minimum 8 x 8, current 5760 x 1080, maximum 32767 x 32767',
      'HDMI-1 connected primary 1920x1080+0+0 (normal left inverted right x axis y axis) 531mm x 299mm',
      '   1920x1080     60.00*+',
      'DP-1 connected 1920x1080+1920+0 (normal left inverted right x axis y axis) 600mm x 340mm',
      'DP-2 disconnected (normal left inverted right x axis y axis)',
      'HDMI-2 connected (normal left inverted right x axis y axis)',
    ].join('\n');
    const monitors = [
      'Monitors: 2',
      ' 0: +*HDMI-1 1920/531x1080/299+0+0  HDMI-1',
      ' 1: +WALL 1920/600x1080/340+3840+0  WALL',
    ].join('\n');
    expect(parseXrandr(query, monitors)).toEqual([
      { name: 'HDMI-1', x: 0, y: 0, width: 1920, height: 1080 },
      { name: 'DP-1', x: 1920, y: 0, width: 1920, height: 1080 },
      { name: 'WALL', x: 3840, y: 0, width: 1920, height: 1080 },
    ]);
  });

  it('names the display and xrandr’s own words where no X server answers, after trying again', async () => {
    await expect(x11Outputs({ PATH: process.env.PATH, DISPLAY: ':64999' })).rejects.toThrow(
      /xrandr could not list the outputs of :64999 \(x11-xserver-utils\):[\s\S]*Can't open display :64999/,
    );
  });
});
