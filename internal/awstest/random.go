package awstest

import (
	"fmt"
	"sync/atomic"
)

// Chance is the probability of one Fault, in [0, 1].
type Chance struct {
	Fault Fault
	P     float64
}

// RandomFaults is a Script that picks each request's Fault at random, with
// the Chances given, from a seeded source: the n-th request's Fault depends
// only on the seed and n, so a seed replays the same sequence of faults.
// It counts the faults it picked. It is safe for concurrent use, and may be
// shared by several proxies.
type RandomFaults struct {
	seed    uint64
	chances []Chance
	counts  [len(faultNames)]atomic.Int64
}

// NewRandomFaults returns a RandomFaults with seed and chances. The chances
// must each be in [0, 1] and add up to at most 1; every other request
// passes. Errors name the chance that is wrong.
func NewRandomFaults(seed uint64, chances ...Chance) (*RandomFaults, error) {
	sum := 0.0
	for _, c := range chances {
		if !(c.P >= 0 && c.P <= 1) || c.Fault < 0 || int(c.Fault) >= len(faultNames) {
			return nil, fmt.Errorf("awstest: chance %v of %v is out of range", c.P, c.Fault)
		}
		sum += c.P
	}
	if sum > 1 {
		return nil, fmt.Errorf("awstest: the chances add up to %v, more than 1", sum)
	}
	return &RandomFaults{seed: seed, chances: chances}, nil
}

// Script returns the Script for a FaultProxy. Each proxy numbers its own
// requests, so proxies that share a RandomFaults should get distinct salts.
func (rf *RandomFaults) Script(salt uint64) Script {
	return func(n int, _ *Request) Fault {
		f := rf.pick(splitmix(rf.seed ^ splitmix(salt<<32|uint64(n))))
		rf.counts[f].Add(1)
		return f
	}
}

// pick maps a uniform 64-bit number to a Fault.
func (rf *RandomFaults) pick(x uint64) Fault {
	u := float64(x>>11) / (1 << 53) // uniform in [0, 1)
	for _, c := range rf.chances {
		if u < c.P {
			return c.Fault
		}
		u -= c.P
	}
	return Pass
}

// Counts returns how many requests got each Fault so far, Pass included.
func (rf *RandomFaults) Counts() map[Fault]int64 {
	m := make(map[Fault]int64, len(faultNames))
	for f := range rf.counts {
		if n := rf.counts[f].Load(); n > 0 {
			m[Fault(f)] = n
		}
	}
	return m
}

// splitmix is SplitMix64's finalizer: a bijective hash of x with good
// avalanche, so that consecutive n give independent-looking numbers.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
