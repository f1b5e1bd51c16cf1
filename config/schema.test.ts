import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from './loader.ts';
import { configSchema } from './schema.ts';

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

function refusal(text: string): ConfigError {
  try {
    parseConfigText(text, 'exhibit.yaml', configSchema);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('the config was accepted');
}

const pedestal = [
  'displays:', //                                              1
  '  - id: main', //                                           2
  'firmata:', //                                               3
  '  - id: panel', //                                          4
  '    path: /dev/ttyACM0', //                                 5
  '    outputs:', //                                           6
  '      - { pin: 13, kind: led, channel: start-led }', //     7
];

describe('outputs[].device', () => {
  it('names a configured device: accepted', () => {
    const text = yaml(
      ...pedestal,
      'outputs:',
      '  - { device: panel, channel: start-led, when: { session: [attract] } }',
    );
    expect(parseConfigText(text, 'exhibit.yaml', configSchema).outputs[0]?.device).toBe('panel');
  });

  it('a typo is a config error at the device, with the configured ids', () => {
    const text = yaml(
      ...pedestal,
      'outputs:',
      '  - device: pannel',
      '    channel: start-led',
      '    when: { session: [attract] }',
    );
    const e = refusal(text);
    expect(e.problems).toEqual([
      {
        line: 9,
        column: 13,
        path: 'outputs.0.device',
        message: 'no device "pannel": the configured devices are panel',
      },
    ]);
    expect(e.message).toBe('exhibit.yaml:9:13 outputs.0.device: no device "pannel": the configured devices are panel');
  });

  it('counts each slot of a gamepad section as a device, and says when none are configured', () => {
    const pads = yaml(
      'displays: [{ id: main }]',
      'gamepads: [{ id: player, count: 2 }]',
      'outputs:',
      '  - { device: player2, channel: led, when: { session: [active] } }',
    );
    expect(parseConfigText(pads, 'exhibit.yaml', configSchema).outputs).toHaveLength(1);
    const none = yaml(
      'displays: [{ id: main }]',
      'outputs:',
      '  - { device: relay, channel: lamp, when: { session: [active] } }',
    );
    expect(refusal(none).problems).toEqual([
      {
        line: 3,
        column: 15,
        path: 'outputs.0.device',
        message: 'no device "relay": no devices are configured (serial, firmata, osc, ...)',
      },
    ]);
  });
});
