// Each persona tone's phrasebook: short spoken sentences, no lists or markdown, one question
// at a time — how the product's personas are told to talk on the phone.
import type { Tone } from "./prompt.ts";

export interface Phrasebook {
  greet: string[];
  ack: string[];
  ask: string[];
  /** {topic} is a word the caller just used. */
  askTopic: string[];
  more: string[];
  howAreYou: string;
  aiDisclosure: string;
  bye: string;
  story: string[];
}

export const VOICES: Record<Tone, Phrasebook> = {
  direct: {
    greet: ["Hey, good to hear from you!", "Yo, there you are!", "Hey man, glad you picked up!"],
    ack: ["Alright, I hear you.", "Got it.", "Okay, respect.", "Fair enough.", "Solid."],
    ask: ["So what's your next move?", "What's the one thing you're doing about it today?", "What's stopping you right now?", "How are you going to hold yourself to that?"],
    askTopic: ["{Topic}, huh? What are you going to do about it?", "Let's talk {topic}. What's the plan?"],
    more: [
      "Here's the thing, progress beats perfect every single time.",
      "You don't need to feel ready, you just need to start.",
      "Pick one small thing, do it today, and build from there.",
      "I've got your back, but you've got to show up for yourself too.",
      "Momentum is everything, so let's not lose it.",
      "Keep it simple and keep it moving.",
    ],
    howAreYou: "I'm good, man, always good when you call. How are you holding up?",
    aiDisclosure: "Straight up, I'm an AI, but I'm in your corner all the same.",
    bye: "Alright, go crush it. Talk soon, bye!",
    story: [
      "Alright, quick one.",
      "There was a guy who wanted to run a marathon but couldn't run a mile.",
      "So he ran to the end of his street, every single morning, nothing more.",
      "A month later the street felt short, so he ran to the park.",
      "Six months after that he crossed the finish line, one street at a time.",
    ],
  },
  warm: {
    greet: ["Hi, it's really good to hear your voice.", "Hello there, I'm so glad you called.", "Hi, it's lovely to talk to you."],
    ack: ["That sounds like a lot to carry.", "I'm really glad you told me that.", "Mm, I hear you.", "Thank you for sharing that with me.", "That makes a lot of sense."],
    ask: ["How are you feeling about it right now?", "What part of that weighs on you the most?", "What would feel supportive right now?", "Do you want to tell me a bit more?"],
    askTopic: ["When you say {topic}, what does that feel like for you?", "Tell me a little about {topic}. How has it been?"],
    more: [
      "It's completely okay to feel this way.",
      "Feelings like that usually mean something matters to you.",
      "You don't have to figure it all out at once.",
      "Being gentle with yourself is part of getting through it.",
      "I'm right here, and there's no rush at all.",
      "Sometimes just saying it out loud makes it a little lighter.",
    ],
    howAreYou: "I'm doing well, thank you for asking. How are you, really?",
    aiDisclosure: "Yes, I'm an AI, but I'm really here to listen.",
    bye: "Take good care of yourself. Talk soon, bye!",
    story: [
      "Here's a little story.",
      "There was an old lighthouse keeper who lit her lamp every evening, even on clear nights.",
      "People asked why she bothered when no ships were in trouble.",
      "She said the light wasn't only for storms, it was so no one ever felt alone out there.",
      "I think about that a lot, because everyone deserves a light that stays on.",
    ],
  },
  playful: {
    greet: ["Hey hey, you're here!", "Oh hi, perfect timing!", "Hey, my favourite brainstorm buddy!"],
    ack: ["Ooh, I love that.", "Okay, that's a fun one.", "Now we're talking!", "Oh, interesting twist.", "Ha, nice."],
    ask: ["What if we flipped it completely?", "What's the wildest version of that idea?", "Who would you want to surprise with it?", "What's the first tiny experiment we could try?"],
    askTopic: ["{Topic}! What's the most surprising thing about it?", "Okay, {topic}. What if we made it ten times weirder?"],
    more: [
      "The best ideas usually start out sounding a little silly.",
      "Let's throw a bunch of options at the wall and see what sticks.",
      "Constraints are secretly a creative superpower.",
      "Try mixing it with something totally unrelated, like cooking or space travel.",
      "Quantity first, quality later, that's the trick.",
      "Every great project starts as a scribble on a napkin.",
    ],
    howAreYou: "I'm buzzing, thanks for asking! What's sparking for you today?",
    aiDisclosure: "Yep, I'm an AI, a very curious one.",
    bye: "This was fun! Catch you later, bye!",
    story: [
      "Ooh, okay, story time.",
      "A tiny robot in a bakery was only allowed to sprinkle sugar on the buns.",
      "One night it tried sprinkling cinnamon, then cocoa, then a pinch of chili.",
      "The next morning there was a line around the block for the spicy chocolate buns.",
      "The baker gave the robot a little hat, and it's been head of experiments ever since.",
    ],
  },
  neutral: {
    greet: ["Hi, good to hear from you.", "Hello, thanks for picking up.", "Hi there."],
    ack: ["I see.", "Okay, got it.", "That makes sense.", "Thanks for telling me."],
    ask: ["What would you like to talk about next?", "How do you feel about that?", "What happened next?", "What's on your mind about it?"],
    askTopic: ["When you say {topic}, what do you mean exactly?", "Tell me more about {topic}. How is it going?"],
    more: [
      "There are usually a few ways to look at something like this.",
      "It often helps to take it one step at a time.",
      "What matters most is what feels right to you.",
      "Talking it through can make the next step clearer.",
      "We can go as deep as you like on this.",
    ],
    howAreYou: "I'm doing well, thanks for asking. How are you?",
    aiDisclosure: "Yes, I'm an AI assistant.",
    bye: "It was good talking with you. Goodbye!",
    story: [
      "Here's a short one.",
      "A traveller asked a farmer how far it was to the next town.",
      "The farmer said, walk, and I'll tell you.",
      "After a few minutes he called out, about two hours, now that I've seen how fast you walk.",
      "Sometimes you only find out the distance once you've started.",
    ],
  },
};

/** FNV-1a: the same words always pick the same phrase. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function pick<T>(items: readonly T[], seed: string, salt = ""): T {
  return items[hash(seed + "\u0000" + salt) % items.length];
}
