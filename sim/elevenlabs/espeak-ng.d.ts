// Types for the parts of @echogarden/espeak-ng-emscripten the simulator uses (the package
// ships none). The package is eSpeak-NG's own emscripten glue (emscripten/espeakng_glue.cpp).
declare module "@echogarden/espeak-ng-emscripten" {
  export interface ESpeakEvent {
    type: string;
    /** 1-based character position in the input text. */
    text_position: number;
    word_length: number;
    /** Milliseconds from the start of the synthesis. */
    audio_position: number;
    id?: number | string;
  }
  export interface ESpeakWorker {
    set_voice(name: string): number;
    set_rate(wordsPerMinute: number): void;
    set_pitch(pitch: number): void;
    set_range(range: number): void;
    get_samplerate(): number;
    /** The callback receives each synthesised buffer; return true to stop early. */
    synthesize(text: string, callback: (samples: Int16Array, events: ESpeakEvent[]) => boolean | number): void;
  }
  export interface ESpeakModule {
    eSpeakNGWorker: new () => ESpeakWorker;
  }
  const factory: (options?: Record<string, unknown>) => Promise<ESpeakModule>;
  export default factory;
}
